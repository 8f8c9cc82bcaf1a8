package org.mmu;

import java.util.Optional;

import org.mmu.core.Example;
import org.mmu.core.MmuInputException;

/**
 * One match row with its data: each survey's example (absent for the missing side of an outer
 * join), the separation, and the connected group it belongs to. Holds its step's fetched rows
 * while referenced; cheap to create.
 */
public final class MatchedExample {
    private final CrossMatchedDatasets owner;
    private final int i;
    private final Example[] examples; // per survey, null where absent

    MatchedExample(CrossMatchedDatasets owner, int i, Example[] examples) {
        this.owner = owner;
        this.i = i;
        this.examples = examples;
    }

    /** Position of this row in the crossmatch (its match row). */
    public int index() {
        return owner.rowBase() + i;
    }

    /** The survey's example; an error naming the survey when this row has none (outer joins). */
    public Example get(String survey) {
        return find(survey).orElseThrow(() -> new MmuInputException("match row " + i + " has no '" + survey
                + "' object (outer join); use find()"));
    }

    /** The survey's example, if this row has one. */
    public Optional<Example> find(String survey) {
        return Optional.ofNullable(examples[owner.surveyIndex(survey)]);
    }

    /** The survey's object id (as text), or null when absent. */
    public String objectId(String survey) {
        return owner.objectIdAt(owner.surveyIndex(survey), i);
    }

    /** Separation of a two-survey match, arcsec (NaN when one side is absent). */
    public double separationArcsec() {
        if (owner.surveys().size() != 2) {
            throw new MmuInputException("separationArcsec() is for two-survey matches; use separationArcsec(survey)");
        }
        return owner.matchRows().separationArcsec(1, i);
    }

    /** Separation of a survey's object from the reference survey's object, arcsec. */
    public double separationArcsec(String survey) {
        return owner.matchRows().separationArcsec(owner.surveyIndex(survey), i);
    }

    public int groupId() {
        return owner.matchRows().groupId(i);
    }

    public int groupSize() {
        return owner.matchRows().groupSize(i);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("MatchedExample[");
        for (String s : owner.surveys()) {
            b.append(s).append('=').append(objectId(s)).append(' ');
        }
        b.append("group=").append(groupId());
        if (owner.surveys().size() == 2) {
            b.append(" sep=").append(separationArcsec()).append('"');
        }
        return b.append(']').toString();
    }
}
