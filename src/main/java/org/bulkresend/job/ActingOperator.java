package org.bulkresend.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bulkresend.access.OperatorRefusedException;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;

/**
 * The operator a run acts for, as the directory knows them when the run's step starts looking
 * users up: looked up with the first users, in the same query, so that it costs no round trip of
 * its own (a look-up through Microsoft Graph takes about 200 ms). A run whose operator the
 * directory no longer holds stops there, before anyone of those users is reset.
 */
final class ActingOperator {

    private final Directory directory;

    private final String userPrincipalName;

    private DirectoryUser user;

    ActingOperator(Directory directory, String userPrincipalName) {
        this.directory = directory;
        this.userPrincipalName = userPrincipalName;
    }

    /**
     * These users by {@link DirectoryUser#key(String)}, looked up in one query, with the operator
     * among them the first time.
     *
     * @throws OperatorRefusedException if the directory no longer holds the operator
     */
    Map<String, DirectoryUser> findWith(List<String> userPrincipalNames) {
        if (this.user != null) {
            return this.directory.findAll(userPrincipalNames);
        }
        List<String> names = new ArrayList<>(userPrincipalNames);
        names.add(this.userPrincipalName);
        Map<String, DirectoryUser> found = this.directory.findAll(names);
        this.user = found.get(DirectoryUser.key(this.userPrincipalName));
        if (this.user == null) {
            throw gone();
        }
        return found;
    }

    /**
     * The operator, looked up alone if no users were looked up yet.
     *
     * @throws OperatorRefusedException if the directory no longer holds the operator
     */
    DirectoryUser user() {
        if (this.user == null) {
            this.user = this.directory.find(this.userPrincipalName).orElseThrow(this::gone);
        }
        return this.user;
    }

    private OperatorRefusedException gone() {
        return new OperatorRefusedException("The operator " + this.userPrincipalName
                + " is no longer in the directory; the run stops.");
    }
}
