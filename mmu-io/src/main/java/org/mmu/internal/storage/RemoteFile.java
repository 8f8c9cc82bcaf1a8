package org.mmu.internal.storage;

/**
 * What is known about a remote file before reading it: its size and, if the server gave one, a
 * validator (an ETag, or a Hadoop modification time) that changes when the file changes.
 *
 * @param size      bytes
 * @param validator the validator, or null when unknown (it is then pinned from the first response)
 * @param digest    the SHA-256 its host published (listing, HEAD, or pinned by an earlier run), or null
 */
record RemoteFile(long size, String validator, PublishedDigest digest) {
    RemoteFile(long size, String validator) {
        this(size, validator, null);
    }

    RemoteFile withDigest(PublishedDigest d) {
        return new RemoteFile(size, validator, d);
    }
}
