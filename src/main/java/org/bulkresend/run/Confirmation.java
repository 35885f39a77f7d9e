package org.bulkresend.run;

/**
 * Whether a run may make its first change, asked once its {@link RunPlan} is known. Saying no
 * leaves everything as it was: no execution is recorded, nobody is reset, no message goes.
 */
@FunctionalInterface
public interface Confirmation {

    /**
     * Goes ahead without asking: {@code --yes}, a command without a terminal (cron, systemd, a
     * pipe) and {@code watch}. A run given it does not count its plan at all, as nobody would read it.
     */
    Confirmation AUTOMATIC = (plan) -> true;

    /** True to go ahead with the plan; false changes nothing. */
    boolean confirm(RunPlan plan);
}
