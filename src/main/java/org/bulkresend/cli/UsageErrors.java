package org.bulkresend.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a mistake on the command line is called, in one sentence. A misspelt option or command is
 * named as what it is, with the nearest one the command has, even when picocli would first
 * complain of the required option that the misspelling left out.
 */
final class UsageErrors {

    private UsageErrors() {
    }

    static String describe(ParameterException ex) {
        CommandLine command = ex.getCommandLine();
        List<String> unmatched = (ex instanceof UnmatchedArgumentException unknown) ? unknown.getUnmatched()
                : (ex instanceof MissingParameterException) ? unmatched(command) : List.of();
        if (unmatched.isEmpty()) {
            return Sentence.of(ex.getMessage());
        }
        String first = unmatched.get(0); // the earliest mistake; what follows it may only be its value
        boolean option = first.startsWith("-");
        String typed = option ? first.replaceFirst("=.*", "") : first;
        String what = option ? "Unknown option '" + typed + "'"
                : !command.getSubcommands().isEmpty() ? "Unknown command '" + first + "'"
                : "Unexpected argument '" + first + "'";
        Collection<String> names = option ? command.getCommandSpec().optionsMap().keySet()
                : command.getSubcommands().keySet();
        String nearest = (option || !command.getSubcommands().isEmpty()) ? nearest(typed, names) : null;
        return what + ((nearest != null) ? "; did you mean '" + nearest + "'?" : ".");
    }

    /**
     * The name a slip of the fingers most likely meant: the fewest letters added, left out, changed
     * or swapped: one in a short name, one in four letters in a longer one; null if none is that near.
     */
    static String nearest(String typed, Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int distance = distance(typed.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || (distance == bestDistance && best != null && name.length() > best.length())) {
                best = name;
                bestDistance = distance;
            }
        }
        int letters = typed.replaceFirst("^-+", "").length();
        return (best != null && bestDistance <= Math.max(1, letters / 4)) ? best : null;
    }

    /** Edits from one name to the other, a swap of two neighbouring letters counting as one. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The arguments the command did not recognise before it found a required option missing. */
    private static List<String> unmatched(CommandLine command) {
        ParseResult parsed = command.getParseResult();
        return (parsed != null) ? parsed.unmatched() : List.of();
    }

    /** picocli's own message, ending as a sentence ends. */

    /** A command that has commands of its own, given none: the usage error names them. */
    static ParameterException missingCommand(CommandSpec spec) {
        return new ParameterException(spec.commandLine(), "Missing command: give one of "
                + String.join(", ", spec.subcommands().keySet()) + ".");
    }
}
