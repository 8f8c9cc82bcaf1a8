/**
 * The engine's parts (HEALPix binning, pair search, sphere geometry, sorting, union–find). Public
 * only so that {@code org.mmu.matching} can use them: not API, may change without notice.
 */
package org.mmu.matching.internal;
