package org.bulkresend.input;

import java.util.List;

import org.bulkresend.input.CsvSource.CsvRow;
import org.bulkresend.notify.EmailAddresses;
import org.bulkresend.password.Secret;

/** Turns a CSV record into a {@link ResendRequest}, with a reason for anything unusable. */
final class RowParser {

    static final int MAX_FIELD_LENGTH = 1024;

    private final ColumnMapping columns;

    private final boolean useCreationPasswords;

    /**
     * @param useCreationPasswords use a template's creation password column; a plain
     * {@code password} column is always used, being there for no other purpose
     */
    RowParser(ColumnMapping columns, boolean useCreationPasswords) {
        this.columns = columns;
        this.useCreationPasswords = useCreationPasswords;
    }

    ResendRequest parse(CsvRow row) {
        List<String> values = row.values();
        String upn = this.columns.value(values, this.columns.userPrincipalName()).orElse(null);
        String address = this.columns.value(values, this.columns.notifyAddress()).map(RowParser::firstAddress)
            .orElse(null);
        String displayName = this.columns.value(values, this.columns.displayName()).orElse(null);
        String language = this.columns.value(values, this.columns.language()).orElse(null);
        String password = (this.columns.passwordNeedsConsent() && !this.useCreationPasswords) ? null
                : this.columns.value(values, this.columns.password()).orElse(null);
        String problem = problem(values, upn, address);
        Secret supplied = (password != null && problem == null) ? Secret.of(password) : null;
        return new ResendRequest(row.line(), upn, address, displayName, language, supplied, problem);
    }

    private String problem(List<String> values, String upn, String address) {
        int expected = this.columns.headers().size();
        if (values.size() != expected) {
            return "has " + values.size() + " fields, the header has " + expected
                    + " (a missing or extra delimiter, or an unquoted comma?)";
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).length() > MAX_FIELD_LENGTH) {
                return "field '" + this.columns.headers().get(i) + "' is longer than " + MAX_FIELD_LENGTH
                        + " characters";
            }
        }
        if (upn == null) {
            return "no user principal name";
        }
        if (!isAddress(upn)) {
            return "user principal name '" + upn + "' is not of the form name@domain";
        }
        if (address != null && !isAddress(address)) {
            return "notification address '" + address + "' is not a valid email address";
        }
        return null;
    }

    /**
     * Exports write several alternate addresses in one cell ({@code a@example.net; b@example.org}):
     * the first valid one is used. A cell with no valid address is kept as it is, to be reported.
     */
    static String firstAddress(String cell) {
        String[] candidates = cell.split("[;,\\s]+");
        if (candidates.length < 2) {
            return cell;
        }
        for (String candidate : candidates) {
            if (isAddress(candidate)) {
                return candidate;
            }
        }
        return cell;
    }

    private static boolean isAddress(String text) {
        return EmailAddresses.isValid(text);
    }
}
