package org.mmu;

import java.util.Optional;

import org.mmu.core.Example;
import org.mmu.core.MmuInputException;

/**
 * One row of a crossmatch: each survey's example (absent for the missing side of an outer
 * join), the separation, and the connected group it belongs to. A view; cheap to create.
 */
public final class MatchedExample {
    private final CrossMatchedDatasets owner;
    private final int i;

    MatchedExample(CrossMatchedDatasets owner, int i) {
        this.owner = owner;
        this.i = i;
    }

    /** Position of this row in the crossmatch. */
    public int index() {
        return i;
    }

    /** The survey's example; an error naming the survey when this row has none (outer joins). */
    public Example get(String survey) {
        return find(survey).orElseThrow(() -> new MmuInputException("match row " + i + " has no '" + survey
                + "' object (outer join); use find()"));
    }

    /** The survey's example, if this row has one. */
    public Optional<Example> find(String survey) {
        return Optional.ofNullable(owner.exampleAt(survey, i));
    }

    /** The survey's object id (as text), or null when absent. */
    public String objectId(String survey) {
        return owner.objectIdAt(survey, i);
    }

    /** Separation of a two-survey match, arcsec (NaN when one side is absent). */
    public double separationArcsec() {
        return owner.separationAt(i);
    }

    /** Separation of a survey's object from the reference survey's object, arcsec. */
    public double separationArcsec(String survey) {
        return owner.separationAt(survey, i);
    }

    public int groupId() {
        return owner.groupIdAt(i);
    }

    public int groupSize() {
        return owner.groupSizeAt(i);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("MatchedExample[");
        for (String s : owner.surveys()) {
            b.append(s).append('=').append(objectId(s)).append(' ');
        }
        return b.append("sep=").append(separationArcsec()).append("\"]").toString();
    }
}
