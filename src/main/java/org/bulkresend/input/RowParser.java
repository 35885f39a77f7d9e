package org.bulkresend.input;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.NameForms;
import org.bulkresend.input.CsvSource.CsvRow;
import org.bulkresend.password.Secret;
import org.bulkresend.zone.TimeZones;

/** Turns a CSV record into a {@link ResendRequest}, with a reason for anything unusable. */
final class RowParser {

    static final int MAX_FIELD_LENGTH = 1024;

    private final ColumnMapping columns;

    private final boolean useCreationPasswords;

    private final NameForms names;

    /**
     * @param useCreationPasswords use a template's creation password column; a plain
     * {@code password} column is always used, being there for no other purpose
     * @param names how a row may name its user, which the directory decides
     */
    RowParser(ColumnMapping columns, boolean useCreationPasswords, NameForms names) {
        this.columns = columns;
        this.useCreationPasswords = useCreationPasswords;
        this.names = names;
    }

    ResendRequest parse(CsvRow row) {
        List<String> values = row.values();
        String upn = this.columns.value(values, this.columns.userPrincipalName()).orElse(null);
        String address = this.columns.value(values, this.columns.notifyAddress()).orElse(null);
        String displayName = this.columns.value(values, this.columns.displayName()).orElse(null);
        String language = this.columns.value(values, this.columns.language()).orElse(null);
        String password = (this.columns.passwordNeedsConsent() && !this.useCreationPasswords) ? null
                : this.columns.value(values, this.columns.password()).orElse(null);
        String zoneName = this.columns.value(values, this.columns.timeZone()).orElse(null);
        ZoneId zone = TimeZones.parse(zoneName).orElse(null);
        String problem = problem(values, upn, address);
        if (problem == null && zoneName != null && !zoneName.isBlank() && zone == null) {
            problem = "time zone '" + zoneName.strip() + "' is not a time zone bulk-resend knows; give "
                    + TimeZones.EXAMPLES + ", or leave the cell empty for the directory's or the run's";
        }
        Secret supplied = (password != null && problem == null) ? Secret.of(password) : null;
        return new ResendRequest(row.line(), upn, address, displayName, language, zone, supplied, problem);
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
        Optional<String> written = DirectoryUser.nameProblem(upn);
        if (written.isPresent()) {
            return "user principal name '" + upn + "' " + written.get();
        }
        Optional<String> name = this.names.problem(upn);
        if (name.isPresent()) {
            return "user principal name '" + upn + "' " + name.get();
        }
        if (address != null) {
            // The whole cell is the address: taking one of several, or the part after a space,
            // sends the password to whoever owns that part.
            Optional<String> wrong = EmailAddresses.problem(address);
            if (wrong.isPresent()) {
                return "notification address '" + address + "' " + wrong.get()
                        + (wrong.get().equals(EmailAddresses.SEVERAL_ADDRESSES) ? "; give one address per cell" : "");
            }
        }
        return null;
    }
}
