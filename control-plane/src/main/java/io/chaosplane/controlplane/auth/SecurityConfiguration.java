package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.service.security.ExposureProperties;
import io.chaosplane.service.web.ProblemResponses;
import io.chaosplane.service.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two doors: {@code /api/**} (and {@code /demo}) for scripts and the browser's own API calls (API key, or the session with CSRF),
 * answering problems as JSON; and the web UI (form log-in, session, CSRF). Access rights are not decided
 * here but by each feature through {@link io.chaosplane.controlplane.access.AccessGuard}, which knows the
 * scope of the object at hand.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(ExposureProperties.class)
class SecurityConfiguration {

    // the manifest URL of a Kubernetes infrastructure is opened by its install token (kubectl apply -f URL)
    static final String[] PUBLIC_API = {
        "/api/health",
        "/api/versions",
        "/api/v1/health",
        "/api/v1/versions",
        "/api/v1/infrastructures/*/manifest",
        // opened by the invited person, who may not have a login yet
        InvitationController.ACCEPT_PATH
    };
    static final String[] PUBLIC_PAGES = {
        "/login",
        "/invitations/*",
        "/healthz",
        "/readyz",
        "/error",
        "/downloads/**",
        "/actuator/health/**",
        "/css/**",
        "/js/**",
        "/img/**",
        "/favicon.ico"
    };

    /**
     * Only the product's own files run or style a page: no inline script or style (htmx's injected indicator
     * style is switched off in the layout), nothing framed, no plug-ins, forms post only to the product.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";
    /** No page of the product needs these features; a hijacked page must not get them either. */
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(),"
            + " serial=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(),"
            + " display-capture=(), interest-cohort=()";

    /**
     * Signed in all the way: authenticated, and not a session still waiting for its second factor (which opens only
     * the code page).
     */
    static final AuthorizationManager<RequestAuthorizationContext> SIGNED_IN = AuthorizationManagers.allOf(
            AuthenticatedAuthorizationManager.authenticated(),
            AuthorizationManagers.not(AuthorityAuthorizationManager.hasAuthority(PendingSecondFactor.AUTHORITY)));

    /** Per-filter observations would cost the agents' hot paths more than the work they measure. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(UserAccounts users) {
        return email -> users.findByEmail(email)
                .map(SignedInUser::of)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /**
     * The Prometheus scrape: its own credential only ({@link MetricsScrapeFilter}), no session, or anyone when
     * {@code chaosplane.security.open-metrics} says so.
     */
    @Bean
    @Order(0)
    SecurityFilterChain metricsSecurity(HttpSecurity http, ExposureProperties exposure, JsonMapper json)
            throws Exception {
        http.securityMatcher("/actuator/prometheus")
                .authorizeHttpRequests(requests -> {
                    if (exposure.openMetrics()) {
                        requests.anyRequest().permitAll();
                    } else {
                        requests.anyRequest().hasAuthority(MetricsScrapeFilter.AUTHORITY);
                    }
                })
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new MetricsScrapeFilter(exposure), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                (request, response, e) -> ProblemResponses.write(
                                        response,
                                        json,
                                        request.getRequestURI(),
                                        Problems.of(
                                                HttpStatus.UNAUTHORIZED,
                                                "authentication required: send the scrape token"
                                                        + " (chaosplane.security.metrics-token) as"
                                                        + " 'Authorization: Bearer <token>'")))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(
                                response,
                                json,
                                request.getRequestURI(),
                                Problems.of(HttpStatus.UNAUTHORIZED, "only the scrape token opens the metrics"))));
        return withSecurityHeaders(http).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ExposureProperties exposure,
            ApiKeyAuthenticator apiKeys,
            MembershipDirectory memberships,
            CallerContext callers,
            RateLimiter limiter,
            RateLimitProperties rateLimits,
            UserStore users,
            LoginThrottle loginThrottle,
            LoginAudit loginAudit,
            TwoFactor twoFactor,
            TwoFactorSignIn twoFactorSignIn,
            JsonMapper json,
            Clock clock)
            throws Exception {
        CallerFilter callerFilter = new CallerFilter(memberships, callers, users, json, CallerFilter.Door.API);
        // GET /demo (seed 002's quick start) is an API call too: a script's key loads the demo into its project
        http.securityMatcher("/api/**", "/demo", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
                .authorizeHttpRequests(requests -> openApiDocs(requests, exposure)
                        .requestMatchers(PUBLIC_API)
                        .permitAll()
                        .anyRequest()
                        .access(SIGNED_IN))
                // A request with an API key, or without a session, carries no ambient authority to forge.
                .csrf(csrf -> csrf.ignoringRequestMatchers(withoutAmbientAuthority()))
                // People may also call the API with their e-mail and password (HTTP Basic), to issue a first key.
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized(json)))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, json), AnonymousAuthenticationFilter.class)
                .addFilterBefore(
                        new LoginThrottleFilter(loginThrottle, loginAudit, json, LoginThrottleFilter.Door.API),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(
                        new TwoFactorGate(twoFactor, twoFactorSignIn, json, CallerFilter.Door.API),
                        AuthorizationFilter.class)
                .addFilterAfter(callerFilter, AuthorizationFilter.class)
                .addFilterAfter(new RateLimitFilter(limiter, rateLimits, json, clock), CallerFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized(json))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(
                                response,
                                json,
                                request.getRequestURI(),
                                Problems.of(HttpStatus.FORBIDDEN, "forbidden: " + e.getMessage()))));
        return withSecurityHeaders(http).build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain webSecurity(
            HttpSecurity http,
            ExposureProperties exposure,
            MembershipDirectory memberships,
            CallerContext callers,
            UserStore users,
            LoginThrottle loginThrottle,
            LoginAudit loginAudit,
            TwoFactor twoFactor,
            TwoFactorSignIn twoFactorSignIn,
            JsonMapper json)
            throws Exception {
        http.authorizeHttpRequests(requests -> openApiDocs(requests, exposure)
                        .requestMatchers(PUBLIC_PAGES)
                        .permitAll()
                        .requestMatchers(TwoFactorSignIn.CODE_PAGE)
                        .hasAuthority(PendingSecondFactor.AUTHORITY)
                        .anyRequest()
                        .access(SIGNED_IN))
                // after the password, a person with two-factor sign-in is sent to the code page (TwoFactorSignIn)
                .formLogin(login -> login.loginPage("/login")
                        .successHandler(twoFactorSignIn)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .permitAll())
                .addFilterBefore(
                        new LoginThrottleFilter(loginThrottle, loginAudit, json, LoginThrottleFilter.Door.FORM),
                        UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(
                        new TwoFactorGate(twoFactor, twoFactorSignIn, json, CallerFilter.Door.PAGES),
                        AuthorizationFilter.class)
                .addFilterAfter(
                        new CallerFilter(memberships, callers, users, json, CallerFilter.Door.PAGES),
                        AuthorizationFilter.class);
        return withSecurityHeaders(http).build();
    }

    /**
     * Spring Security's defaults (nosniff, frame options, no caching of private answers, and HSTS on secure
     * requests only: behind a TLS proxy {@code server.forward-headers-strategy} makes them secure) plus the CSP,
     * referrer and permissions policies.
     */
    private static HttpSecurity withSecurityHeaders(HttpSecurity http) throws Exception {
        return http.headers(
                headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY)));
    }

    /** The API document and Swagger UI need a signed-in caller, unless {@code chaosplane.security.open-api-docs}. */
    private static AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry openApiDocs(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
            ExposureProperties exposure) {
        return exposure.openApiDocs()
                ? requests.requestMatchers(ExposureProperties.API_DOCS_PATHS).permitAll()
                : requests;
    }

    private static AuthenticationEntryPoint unauthorized(JsonMapper json) {
        return (request, response, e) -> ProblemResponses.write(
                response,
                json,
                request.getRequestURI(),
                Problems.of(
                        HttpStatus.UNAUTHORIZED,
                        "authentication required: send an API key as"
                                + " 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
    }

    private static RequestMatcher withoutAmbientAuthority() {
        return (HttpServletRequest request) ->
                ApiKeyAuthenticationFilter.presentedKey(request) != null || request.getRequestedSessionId() == null;
    }
}
