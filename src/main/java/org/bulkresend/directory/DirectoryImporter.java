package org.bulkresend.directory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.input.ColumnMapping;
import org.bulkresend.input.CsvSource;
import org.bulkresend.input.CsvSource.CsvRow;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.password.PasswordPolicy;
import org.bulkresend.password.Secret;
import org.bulkresend.zone.TimeZones;

/**
 * Adds or updates embedded directory users from a CSV file. Importing the same file twice
 * changes nothing the second time. A {@code password} column sets that user's own password
 * (for operators, who sign in with it); users without one keep theirs.
 */
public class DirectoryImporter {

    private static final Map<String, List<String>> ALIASES = Map.ofEntries(
            Map.entry("upn", List.of("userprincipalname", "upn", "username")),
            Map.entry("displayName", List.of("displayname", "name")),
            Map.entry("givenName", List.of("givenname", "firstname")),
            Map.entry("surname", List.of("surname", "lastname")),
            Map.entry("state", List.of("accountstate", "state")),
            Map.entry("roles", List.of("adminroles", "roles")),
            Map.entry("mail", List.of("mail", "primarysmtpaddress")),
            Map.entry("alternateEmail", List.of("alternateemail", "alternateemailaddress", "othermails")),
            Map.entry("language", List.of("preferredlanguage", "language")),
            Map.entry("timeZone", List.of("timezone", "tz")),
            Map.entry("password", List.of("password")));

    private final JdbcDirectory directory;

    public DirectoryImporter(JdbcDirectory directory) {
        this.directory = directory;
    }

    public Result importFile(Path file) {
        Path path = file.toAbsolutePath();
        try (CsvSource source = CsvSource.open(path)) {
            List<String> header = source.header().stream().map(DirectoryImporter::normalize).toList();
            int upn = column(header, "upn");
            if (upn < 0) {
                throw new InputRejectedException("The directory file has no user principal name column "
                        + "(userPrincipalName, UPN or User Name). Headers found: "
                        + ColumnMapping.headersForMessage(source.header()) + ".");
            }
            int added = 0;
            int updated = 0;
            List<String> problems = new ArrayList<>();
            for (CsvRow row = source.next(path); row != null; row = source.next(path)) {
                try {
                    DirectoryUser user = user(header, row.values());
                    Optional<Secret> password = value(header, row.values(), "password").map(Secret::of);
                    try {
                        password.flatMap(PasswordPolicy::violation).ifPresent((violation) -> {
                            throw new IllegalArgumentException("the password " + violation);
                        });
                        if (this.directory.upsert(user)) {
                            added++;
                        }
                        else {
                            updated++;
                        }
                        password.filter((p) -> !this.directory.passwordMatches(user.userPrincipalName(), p))
                            .ifPresent((p) -> this.directory.setPassword(user.userPrincipalName(), p));
                    }
                    finally {
                        password.ifPresent(Secret::destroy);
                    }
                }
                catch (IllegalArgumentException ex) {
                    problems.add("line " + row.line() + ": " + ex.getMessage());
                }
            }
            return new Result(added, updated, problems);
        }
    }

    private static DirectoryUser user(List<String> header, List<String> values) {
        String upn = value(header, values, "upn").orElseThrow(() -> new IllegalArgumentException("no user principal name"));
        DirectoryUser.nameProblem(upn).ifPresent((problem) -> {
            throw new IllegalArgumentException("user principal name '" + upn + "' " + problem);
        });
        if (!EmailAddresses.isValid(upn)) {
            throw new IllegalArgumentException("user principal name '" + upn + "' is not of the form name@domain");
        }
        AccountState state = value(header, values, "state").map(DirectoryImporter::state).orElse(AccountState.ACTIVE);
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        value(header, values, "roles").ifPresent((text) -> {
            for (String name : text.split("[;|]")) {
                if (!name.isBlank()) {
                    roles.add(AdminRole.parse(name)
                        .orElseThrow(() -> new IllegalArgumentException("unknown admin role '" + name.trim() + "'")));
                }
            }
        });
        Optional<String> timeZone = value(header, values, "timeZone").map(String::strip);
        timeZone.filter((zone) -> TimeZones.parse(zone).isEmpty()).ifPresent((bad) -> {
            throw new IllegalArgumentException("time zone '" + bad + "' is not a time zone bulk-resend knows; give "
                    + TimeZones.EXAMPLES);
        });
        Optional<String> alternate = value(header, values, "alternateEmail");
        alternate.filter(Predicate.not(EmailAddresses::isValid)).ifPresent((bad) -> {
            throw new IllegalArgumentException("alternate email '" + bad + "' is not a valid address");
        });
        return new DirectoryUser(upn, value(header, values, "displayName").orElse(null),
                value(header, values, "givenName").orElse(null), value(header, values, "surname").orElse(null), state,
                roles, value(header, values, "mail").orElse(null), alternate.orElse(null),
                value(header, values, "language").orElse(null), false, null, null, timeZone.orElse(null));
    }

    private static AccountState state(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        // EXPIRED is Active Directory's (accountExpires); Microsoft Entra ID, which this directory stands in for, has none.
        for (AccountState state : EnumSet.of(AccountState.ACTIVE, AccountState.BLOCKED, AccountState.SOFT_DELETED)) {
            if (state.name().equals(normalized)) {
                return state;
            }
        }
        throw new IllegalArgumentException("account state '" + text + "' is not one of ACTIVE, BLOCKED, SOFT_DELETED");
    }

    private static Optional<String> value(List<String> header, List<String> values, String column) {
        int index = column(header, column);
        if (index < 0 || index >= values.size() || values.get(index).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.get(index).trim());
    }

    private static int column(List<String> header, String column) {
        List<String> aliases = ALIASES.get(column);
        for (int i = 0; i < header.size(); i++) {
            if (aliases.contains(header.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String normalize(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** What an import did; {@code problems} names each rejected line. */
    public record Result(int added, int updated, List<String> problems) {
    }
}
