package io.chaosplane.controlplane.support;

import io.chaosplane.testsupport.Api;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signs a person in through the log-in form, as a browser does, and keeps the session and its CSRF token. */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final Api api;
    private String csrf;

    private Browser(Api api) {
        this.api = api;
    }

    public static Browser open(int port) {
        return new Browser(new Api(port));
    }

    public Api api() {
        return api;
    }

    /** Posts the log-in form; answers the response (302 to / on success, to /login?error on failure). */
    public Api.Response signIn(String email, String password) {
        String token = csrfOf(api.get("/login").text());
        return api.postRaw(
                "/login",
                "username=" + encode(email) + "&password=" + encode(password) + "&_csrf=" + token,
                "application/x-www-form-urlencoded");
    }

    /** The CSRF token of the session, read from a page, for API calls made with the session. */
    public String csrf() {
        if (csrf == null) {
            csrf = csrfOf(api.get("/login").text());
        }
        return csrf;
    }

    private static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return matcher.group(1);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
