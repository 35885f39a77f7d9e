package org.bulkresend.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.Directory;
import org.bulkresend.input.InputRejectedException;

/**
 * What a run that issues Temporary Access Passes checks before anything changes: the directory
 * issues passes, its policy is enabled, and the lifetime asked for is within the policy's bounds.
 * Microsoft Graph would refuse each user's pass for the same reasons, one by one; refusing the run
 * once, naming the bounds, is what the admin needs.
 */
final class PassAdmission {

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);

    private PassAdmission() {
    }

    /**
     * Reads the directory's policy and checks the request against it.
     *
     * @return the policy, and the passes the users get in a line for the run's summary
     * @throws InputRejectedException if the policy refuses the passes asked for; nothing was changed
     * @throws org.bulkresend.directory.DirectoryRefusedException if the directory issues no passes or
     * may not read its policy
     */
    static Admitted admit(Directory directory, PassRequest request, boolean useSuppliedPasswords, Instant now) {
        if (useSuppliedPasswords) {
            throw new InputRejectedException("--use-supplied-passwords gives users the passwords in the file, and "
                    + "--credential tap gives them Temporary Access Passes the directory makes: choose one. Nothing "
                    + "was changed.");
        }
        TapPolicy policy = directory.temporaryAccessPassPolicy();
        if (!policy.enabled()) {
            throw new InputRejectedException("Temporary Access Passes are disabled in the policy of "
                    + directory.describe() + ": enable the Temporary Access Pass method for these users (in "
                    + "Microsoft Entra ID: Authentication methods, Policies), or use --credential password. Nothing "
                    + "was changed.");
        }
        policy.lifetimeProblem(request.lifetime()).ifPresent((problem) -> {
            throw new InputRejectedException("--tap-lifetime " + TapPolicy.describe(request.lifetime()) + ": "
                    + problem + ". Ask for a lifetime within the policy, or leave --tap-lifetime out for its default "
                    + "of " + TapPolicy.describe(policy.defaultLifetime()) + ". Nothing was changed.");
        });
        return new Admitted(policy, describe(request, policy, now));
    }

    /** The directory's policy, and the passes it gives under it in a line. */
    record Admitted(TapPolicy policy, String description) {
    }

    /** "Temporary Access Passes of 8 hours, each for one sign-in (the policy makes every pass one-time)". */
    static String describe(PassRequest request, TapPolicy policy, Instant now) {
        StringBuilder line = new StringBuilder("Temporary Access Passes of ")
            .append(TapPolicy.describe(request.lifetimeUnder(policy)));
        if (request.lifetime() == null) {
            line.append(" (the policy's default)");
        }
        if (request.usableOnceUnder(policy)) {
            line.append(", each for one sign-in");
            if (!request.usableOnce()) {
                line.append(" (the policy makes every pass one-time)");
            }
        }
        else {
            line.append(", each usable more than once until it ends");
        }
        if (request.startsAt() != null && request.startsAt().isAfter(now)) {
            line.append(", starting ").append(START.format(request.startsAt()));
        }
        return line.append("; passwords are not changed").toString();
    }
}
