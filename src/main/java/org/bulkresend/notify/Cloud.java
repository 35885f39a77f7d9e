package org.bulkresend.notify;

import java.util.Locale;

/**
 * The Microsoft 365 clouds, each with its own sign-in and admin addresses. Messages tell users
 * where to sign in; {@code --sign-in-url} overrides it for tenants that sign in elsewhere.
 */
public enum Cloud {

    WORLDWIDE("worldwide", "https://portal.office.com", "https://admin.microsoft.com", null),
    CHINA_21VIANET("21vianet", "https://portal.partner.microsoftonline.cn",
            "https://portal.partner.microsoftonline.cn", null),
    GERMANY("germany", "https://portal.office.de", "https://portal.office.de",
            "Microsoft Cloud Germany closed in October 2021: its sign-in address may no longer work for your "
                    + "users. Give --sign-in-url if they sign in elsewhere.");

    private final String name;

    private final String signInUrl;

    private final String adminUrl;

    private final String warning;

    Cloud(String name, String signInUrl, String adminUrl, String warning) {
        this.name = name;
        this.signInUrl = signInUrl;
        this.adminUrl = adminUrl;
        this.warning = warning;
    }

    /** Accepts the names the command line uses: worldwide, 21vianet, germany (any case). */
    public static Cloud parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (Cloud cloud : values()) {
            if (cloud.name.equals(wanted) || cloud.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return cloud;
            }
        }
        throw new IllegalArgumentException("unknown cloud '" + text + "': use worldwide, 21vianet or germany");
    }

    public String signInUrl() {
        return this.signInUrl;
    }

    public String adminUrl() {
        return this.adminUrl;
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
