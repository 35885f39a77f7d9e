package org.bulkresend.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets are never taken as arguments: the process list shows every argument to every account
 * on the machine, and the shell history keeps it. Refused are this tool's own secret options
 * and any Spring property ({@code --spring.*}, {@code --bulk-resend.*}) whose last name part
 * holds "password" or "secret", however it is spelled ({@code --spring.mail.password=x},
 * {@code --Spring.Mail.PASSWORD x}, {@code --bulk-resend.graph.clientSecret=x}); a property
 * naming a file that holds one ({@code client-secret-file}) is fine. The refusal names the
 * setting, never its value, and says where the secret goes instead.
 */
final class SecretArguments {

    private static final String OR_A_FILE = "or put it in a properties file that only you can read and give "
            + "--spring.config.additional-location=FILE";

    /** Options people try; none exists, and picocli would echo the value in its "unknown option" error. */
    private static final Map<String, String> OPTIONS = Map.of(
            "--client-secret", "set env BULK_RESEND_GRAPH_CLIENT_SECRET, or give --client-secret-file FILE",
            "--certificate-password", "set env BULK_RESEND_GRAPH_CERTIFICATE_PASSWORD",
            "--operator-password", "set env " + OperatorOptions.PASSWORD_VARIABLE
                    + ", give --operator-password-file FILE, or run in a terminal to be asked",
            "--smtp-password", "set env SPRING_MAIL_PASSWORD",
            "--database-password", "set env " + DataOptions.PASSWORD_VARIABLE + ", or give --database-password-file FILE",
            "--bind-password", "set env BULK_RESEND_LDAP_BIND_PASSWORD, or give --bind-password-file FILE",
            "--secret", "set env " + DirectoryCommand.SignIn.SECRET_VARIABLE
                    + ", give --secret-file FILE, or run in a terminal to be asked");

    /** Properties with a better way than the generic one, by {@link #key} (any spelling Spring binds). */
    private static final Map<String, String> PROPERTIES = Map.of(
            "bulkresend.graph.clientsecret", OPTIONS.get("--client-secret"),
            "bulkresend.graph.certificatepassword", OPTIONS.get("--certificate-password") + ", " + OR_A_FILE,
            "spring.mail.password", OPTIONS.get("--smtp-password") + ", " + OR_A_FILE);

    private SecretArguments() {
    }

    /** The refusal for the first argument that is a secret, if any. */
    static Optional<String> refusal(String[] args) {
        for (String arg : args) {
            String name = arg.split("=", 2)[0];
            String shown = name.toLowerCase(Locale.ROOT);
            String instead = OPTIONS.get(shown);
            if (instead == null && isSecretProperty(shown)) {
                String property = canonical(name.substring(2));
                shown = "--" + property;
                instead = PROPERTIES.getOrDefault(key(property), "set env " + environmentVariable(property) + ", "
                        + OR_A_FILE);
            }
            if (instead != null) {
                return Optional.of(shown + " is not taken on the command line, where the process list and the shell "
                        + "history would show it: " + instead + ". Nothing was changed.");
            }
        }
        return Optional.empty();
    }

    /** The name as Spring's relaxed binding sees it: no case, no dashes, no underscores. */
    private static String key(String property) {
        return property.toLowerCase(Locale.ROOT).replaceAll("[-_]", "");
    }

    private static boolean isSecretProperty(String lower) {
        if (!lower.startsWith("--spring.") && !lower.startsWith("--bulk-resend.")) {
            return false;
        }
        String[] parts = lower.substring(2).split("[.\\[\\]]+");
        String last = parts[parts.length - 1].replaceAll("[-_]", "");
        return (last.contains("password") || last.contains("secret")) && !last.endsWith("file");
    }

    /** The property's canonical name, as the documentation spells it: {@code bulk-resend.graph.client-secret}. */
    private static String canonical(String property) {
        return property.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /**
     * The environment variable Spring reads the property from: {@code SPRING_MAIL_PASSWORD};
     * bulk-resend's own follow {@code BulkResendEnvironmentVariables}: {@code BULK_RESEND_GRAPH_CLIENT_SECRET}.
     */
    private static String environmentVariable(String property) {
        if (property.startsWith("bulk-resend.")) {
            return property.toUpperCase(Locale.ROOT).replaceAll("[.\\-\\[\\]]+", "_").replaceAll("_$", "");
        }
        return property.replace("-", "").toUpperCase(Locale.ROOT).replaceAll("[.\\[\\]]+", "_").replaceAll("_$", "");
    }
}
