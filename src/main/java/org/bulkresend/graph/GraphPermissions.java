package org.bulkresend.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Microsoft Graph application permissions a run needs, and the broader ones that include each:
 * an app granted {@code Directory.ReadWrite.All} may read users without {@code User.Read.All}.
 * {@code check} compares them with the roles the app's access token lists.
 */
public final class GraphPermissions {

    public static final String USER_READ = "User.Read.All";

    public static final String PASSWORD_WRITE = "User-PasswordProfile.ReadWrite.All";

    public static final String ROLES_READ = "RoleManagement.Read.Directory";

    public static final String METHODS_WRITE = "UserAuthenticationMethod.ReadWrite.All";

    public static final String POLICY_READ = "Policy.Read.All";

    public static final String MAIL_SEND = "Mail.Send";

    public static final String MAILBOX_SETTINGS_READ = "MailboxSettings.Read";

    private static final Map<String, Set<String>> INCLUDED_IN = Map.of(
            USER_READ, Set.of("User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
            PASSWORD_WRITE, Set.of("User.ReadWrite.All", "Directory.ReadWrite.All"),
            ROLES_READ, Set.of("RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"),
            POLICY_READ, Set.of("Policy.ReadWrite.AuthenticationMethod"),
            MAILBOX_SETTINGS_READ, Set.of("MailboxSettings.ReadWrite"));

    private GraphPermissions() {
    }

    /** Those of the needed permissions that neither the granted ones nor a broader granted one give, in order. */
    public static List<String> missing(Collection<String> needed, Set<String> granted) {
        List<String> missing = new ArrayList<>();
        for (String permission : needed) {
            if (!granted.contains(permission)
                    && INCLUDED_IN.getOrDefault(permission, Set.of()).stream().noneMatch(granted::contains)) {
                missing.add(permission);
            }
        }
        return missing;
    }
}
