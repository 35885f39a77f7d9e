package org.bulkresend.tenant;

import java.util.Locale;

/**
 * The Microsoft 365 clouds, each with its own sign-in and admin addresses and its own Microsoft
 * Graph and sign-in (token) endpoints. Messages tell users where to sign in; {@code --sign-in-url}
 * overrides it for tenants that sign in elsewhere.
 */
public enum Cloud {

    WORLDWIDE("worldwide", "https://portal.office.com", "https://admin.microsoft.com",
            "https://graph.microsoft.com", "https://login.microsoftonline.com",
            "https://mysignins.microsoft.com/security-info", null),
    CHINA_21VIANET("21vianet", "https://portal.partner.microsoftonline.cn",
            "https://portal.partner.microsoftonline.cn", "https://microsoftgraph.chinacloudapi.cn",
            "https://login.chinacloudapi.cn", null, null),
    GERMANY("germany", "https://portal.office.de", "https://portal.office.de", "https://graph.microsoft.de",
            "https://login.microsoftonline.de", null,
            "Microsoft Cloud Germany closed in October 2021: its sign-in address and its Microsoft Graph endpoint "
                    + "may no longer work. Give --sign-in-url if your users sign in elsewhere, and --graph-url and "
                    + "--login-url if your tenant moved."),
    US_GOVERNMENT("usgov", "https://portal.office365.us", "https://portal.office365.us/adminportal",
            "https://graph.microsoft.us", "https://login.microsoftonline.us",
            "https://mysignins.microsoft.us/security-info", null),
    US_GOVERNMENT_DOD("usgov-dod", "https://portal.apps.mil", "https://portal.apps.mil/adminportal",
            "https://dod-graph.microsoft.us", "https://login.microsoftonline.us",
            "https://mysignins.microsoft.us/security-info", null);

    private final String name;

    private final String signInUrl;

    private final String adminUrl;

    private final String graphUrl;

    private final String loginUrl;

    private final String securityInfoUrl;

    private final String warning;

    Cloud(String name, String signInUrl, String adminUrl, String graphUrl, String loginUrl, String securityInfoUrl,
            String warning) {
        this.name = name;
        this.signInUrl = signInUrl;
        this.adminUrl = adminUrl;
        this.graphUrl = graphUrl;
        this.loginUrl = loginUrl;
        this.securityInfoUrl = securityInfoUrl;
        this.warning = warning;
    }

    /** Accepts the names the command line uses: worldwide, 21vianet, germany, usgov, usgov-dod (any case). */
    public static Cloud parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (Cloud cloud : values()) {
            if (cloud.name.equals(wanted) || cloud.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return cloud;
            }
        }
        throw new IllegalArgumentException(
                "unknown cloud '" + text + "': use worldwide, 21vianet, germany, usgov or usgov-dod");
    }

    public String signInUrl() {
        return this.signInUrl;
    }

    public String adminUrl() {
        return this.adminUrl;
    }

    /** The cloud's Microsoft Graph endpoint, without a trailing slash or version. */
    public String graphUrl() {
        return this.graphUrl;
    }

    /** The cloud's Microsoft identity platform (token) endpoint, without a trailing slash. */
    public String loginUrl() {
        return this.loginUrl;
    }

    /**
     * Where a user signs in with a Temporary Access Pass and sets up Microsoft Authenticator or a
     * passkey (My Security Info), or null in a cloud whose Microsoft Graph v1.0 issues no passes
     * (21Vianet; Microsoft Cloud Germany, closed).
     */
    public String securityInfoUrl() {
        return this.securityInfoUrl;
    }

    /** True if Microsoft Graph v1.0 issues Temporary Access Passes in this cloud. */
    public boolean issuesTemporaryAccessPasses() {
        return this.securityInfoUrl != null;
    }

    /** Why an admin should think twice before using this cloud, or null. */
    public String warning() {
        return this.warning;
    }

    @Override
    public String toString() {
        return this.name;
    }
}
