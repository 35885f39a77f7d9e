package org.bulkresend.cli;

import java.nio.file.Path;

import org.bulkresend.directory.DirectoryUser;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The options of a command that resets passwords as a signed-in operator ({@code run},
 * {@code restart}, {@code expire}, {@code watch}): the run's settings, then who the operator is;
 * and the sequence each of them but {@code watch} starts with, written once: the session started
 * from the settings, the report's folders checked before anyone is asked for a password, the
 * operator signed in.
 */
class SignedInRun {

    @Mixin
    RunSettings settings;

    @Mixin
    OperatorOptions operator;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A command's own work, once its session is started and its operator signed in. */
    @FunctionalInterface
    interface Work {

        /** Does the work and returns the command's exit code. */
        int run(SpringSession session, DirectoryUser operator);
    }

    /**
     * Starts the command's session, makes sure the given files would not be written through a
     * symbolic link (none to check: {@code null}), signs the operator in, does the work and closes
     * the session; returns the exit code.
     */
    int run(Path[] outputFiles, Work work) {
        try (SpringSession session = this.settings.start(this.command)) {
            if (outputFiles != null) {
                session.requireRealOutputFolders(outputFiles);
            }
            return work.run(session, this.operator.signIn(session));
        }
    }

    boolean quiet() {
        return this.settings.quiet();
    }
}
