package org.bulkresend.instance;

import org.bulkresend.BulkResendException;

/**
 * The database could not give this instance the hold on a run, or this instance lost the hold it
 * had (its connection to the database ended), so another instance may be taking the run over:
 * nothing more is changed, and the same command continues the run once the database answers.
 */
public class RunHoldLostException extends BulkResendException {

    private RunHoldLostException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The hold of a running run is gone. */
    static RunHoldLostException lost(String why, Throwable cause) {
        return new RunHoldLostException("This instance lost its hold on the run (" + why + "), so another instance "
                + "may be taking the run over; it stopped before resetting anyone else. Run the same command again "
                + "once the database answers: it continues where the run stopped.", cause);
    }

    /** The database did not answer when asked for the hold: the run has not started. */
    static RunHoldLostException notGiven(Throwable cause) {
        return new RunHoldLostException("The database did not answer when this instance asked to hold the run ("
                + cause.getMessage() + "). Nothing was changed; run the same command again once it answers.", cause);
    }

    @Override
    public Kind kind() {
        return Kind.STOPPED;
    }
}
