package nl.schakelpunt.portal;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The web pages' own security, before the FHIR API's token chain: a session per signed-in person, with CSRF
 * protection and a time-out (server.servlet.session.timeout); the portal for patients, the desk for staff of a data
 * holder. Outside the demo, sign-in is OpenID Connect against the configured registrations.
 */
@Configuration
class PortalSecurityConfig {

    static final String PORTAL_SIGN_IN = "/portal/sign-in";
    static final String DESK_SIGN_IN = "/desk/sign-in";
    /** The authentication context classes (acr) of a verified patient login: DigiD substantieel and hoog. */
    private static final Set<String> VERIFIED_LEVELS = Set.of("substantieel", "hoog",
            "http://eidas.europa.eu/LoA/substantial", "http://eidas.europa.eu/LoA/high");

    @Bean
    @Order(1)
    SecurityFilterChain webPages(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> registrations,
            PortalProperties properties) throws Exception {
        http.securityMatcher(new OrRequestMatcher(antMatcher("/"), antMatcher("/portal/**"), antMatcher("/desk/**"),
                        antMatcher("/assets/**"), antMatcher("/oauth2/**"), antMatcher("/login/oauth2/**")))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(antMatcher("/"), antMatcher("/assets/**"), antMatcher(PORTAL_SIGN_IN),
                                antMatcher(DESK_SIGN_IN), antMatcher("/portal/info/**"),
                                antMatcher("/portal/form/empty.pdf")).permitAll()
                        .requestMatchers(antMatcher("/portal/**")).hasAuthority(PortalUser.Kind.PATIENT.authority())
                        .requestMatchers(antMatcher("/desk/**")).hasAuthority(PortalUser.Kind.STAFF.authority())
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(DESK_SIGN_IN),
                                antMatcher("/desk/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(PORTAL_SIGN_IN),
                                antMatcher("/**"))
                        // Signed in, but as someone else (a patient at the desk), or a form of an expired
                        // session: the sign-in page of the front end asked for.
                        .accessDeniedHandler((request, response, denied) -> response.sendRedirect(
                                request.getContextPath()
                                        + (request.getServletPath().startsWith("/desk") ? DESK_SIGN_IN : PORTAL_SIGN_IN)
                                        + "?expired")))
                .logout(logout -> logout
                        .logoutRequestMatcher(new OrRequestMatcher(antMatcher(HttpMethod.POST, "/portal/sign-out"),
                                antMatcher(HttpMethod.POST, "/desk/sign-out")))
                        .logoutSuccessHandler((request, response, authentication) -> response.sendRedirect(
                                request.getContextPath()
                                        + (request.getServletPath().startsWith("/desk") ? DESK_SIGN_IN : PORTAL_SIGN_IN)
                                        + "?signed-out")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"))
                        .frameOptions(frame -> frame.deny()));
        if (registrations.getIfAvailable() != null) {
            http.oauth2Login(login -> login
                    .loginPage(PORTAL_SIGN_IN)
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcUsers(properties))));
        }
        return http.build();
    }

    /**
     * The person behind an OpenID Connect login: a patient by the BSN claim when they came through the patients'
     * registration, a member of staff of the organisation their token names when through the staff registration.
     */
    private static OAuth2UserService<OidcUserRequest, OidcUser> oidcUsers(PortalProperties properties) {
        OidcUserService standard = new OidcUserService();
        return request -> {
            OidcUser login = standard.loadUser(request);
            String registration = request.getClientRegistration().getRegistrationId();
            Map<String, Object> claims = login.getClaims();
            PortalUser user;
            if (registration.equals(properties.patientRegistration())) {
                Object bsn = claims.get(properties.bsnClaim());
                if (!(bsn instanceof String value) || value.isBlank()) {
                    throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token",
                            "The login names no BSN (claim " + properties.bsnClaim() + ")", null));
                }
                user = new PortalUser(PortalUser.Kind.PATIENT, login.getSubject(), login.getFullName(), value, null,
                        null, VERIFIED_LEVELS.contains(login.getAuthenticationContextClass()));
            } else if (registration.equals(properties.staffRegistration())) {
                Object organization = claims.get(properties.organizationClaim());
                if (!(organization instanceof String value) || value.isBlank()) {
                    throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token",
                            "The login names no organisation (claim " + properties.organizationClaim() + ")", null));
                }
                user = new PortalUser(PortalUser.Kind.STAFF, login.getSubject(), login.getFullName(), null, value,
                        value, false);
            } else {
                throw new OAuth2AuthenticationException(new OAuth2Error("invalid_request",
                        "Unknown sign-in registration " + registration, null));
            }
            List<GrantedAuthority> authorities = new ArrayList<>(login.getAuthorities());
            authorities.add(new SimpleGrantedAuthority(user.kind().authority()));
            return new PortalOidcUser(login, authorities, user);
        };
    }
}
