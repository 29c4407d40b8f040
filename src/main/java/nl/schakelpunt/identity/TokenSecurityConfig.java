package nl.schakelpunt.identity;

import java.io.IOException;
import java.net.MalformedURLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.schakelpunt.fhirserver.OperationOutcomes;
import nl.schakelpunt.fhirserver.OutcomeResponses;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

/**
 * Every request to {@code /fhir} needs a bearer token from a trusted issuer (OAuth 2.0, a signed
 * JWT), except the CapabilityStatement; health probes stay open. A missing or bad token is answered
 * with 401, a {@code WWW-Authenticate} header that says what is wrong, and an OperationOutcome.
 */
@Configuration
@EnableWebSecurity
public class TokenSecurityConfig {

    /** Signature algorithms accepted; {@code none} and the symmetric HMAC family are not. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    @Bean
    public SecurityFilterChain fhirSecurity(HttpSecurity http, SecurityProperties properties,
            List<TrustedIssuer> extraIssuers, FhirContext fhirContext,
            List<AuthenticationFailureListener> listeners) throws Exception {
        Map<String, AuthenticationManager> managers = new HashMap<>();
        for (SecurityProperties.Issuer issuer : properties.issuers()) {
            managers.put(issuer.issuer(), manager(issuer.issuer(), keysOf(issuer), properties));
        }
        for (TrustedIssuer issuer : extraIssuers) {
            managers.put(issuer.issuer(), manager(issuer.issuer(), issuer.keys(), properties));
        }
        // An unknown issuer resolves to no manager, which the resolver answers with 401.
        JwtIssuerAuthenticationManagerResolver resolver = new JwtIssuerAuthenticationManagerResolver(managers::get);
        AuthenticationEntryPoint entryPoint = new OutcomeEntryPoint(fhirContext, listeners);

        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(antMatcher(HttpMethod.GET, "/fhir/metadata")).permitAll()
                        .requestMatchers(antMatcher(HttpMethod.HEAD, "/fhir/metadata")).permitAll()
                        .requestMatchers(antMatcher("/actuator/health/**"), antMatcher("/actuator/health"),
                                antMatcher("/actuator/info"), antMatcher("/actuator/prometheus")).permitAll()
                        // Present only in the embedded profile (see the demo package).
                        .requestMatchers(antMatcher("/demo/**")).permitAll()
                        .requestMatchers(antMatcher("/error")).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(resolver)
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint));
        return http.build();
    }

    private static JWKSource<SecurityContext> keysOf(SecurityProperties.Issuer issuer) {
        if (!issuer.publicKeys().isEmpty()) {
            return new ImmutableJWKSet<>(PublicKeys.fromPem(issuer.issuer(), issuer.publicKeys()));
        }
        try {
            return JWKSourceBuilder.create(issuer.jwksUri().toURL()).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("jwks-uri of trusted issuer " + issuer.issuer() + " is not a URL", e);
        }
    }

    private static AuthenticationManager manager(String issuer, JWKSource<SecurityContext> keys,
            SecurityProperties properties) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // Spring's validators below check the claims, with the configured clock skew.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(properties.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps, new JwtIssuerValidator(issuer), audience, new RequesterClaims())));
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(RequesterAuthentication::new);
        return provider::authenticate;
    }

    /** 401 with Spring's {@code WWW-Authenticate} header, an OperationOutcome body, and an audit record. */
    private static final class OutcomeEntryPoint implements AuthenticationEntryPoint {

        private final BearerTokenAuthenticationEntryPoint header = new BearerTokenAuthenticationEntryPoint();
        private final FhirContext fhirContext;
        private final List<AuthenticationFailureListener> listeners;

        OutcomeEntryPoint(FhirContext fhirContext, List<AuthenticationFailureListener> listeners) {
            this.fhirContext = fhirContext;
            this.listeners = listeners;
        }

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response,
                AuthenticationException failure) throws IOException {
            String reason = failure.getMessage() == null ? "Bearer token required" : failure.getMessage();
            listeners.forEach(listener -> listener.refused(request, reason));
            header.commence(request, response, failure);
            OperationOutcome outcome = OperationOutcomes.error("login", null,
                    "Authentication failed: " + reason
                            + ". Send a bearer token from a trusted issuer in the Authorization header.");
            OutcomeResponses.write(request, response, fhirContext, HttpServletResponse.SC_UNAUTHORIZED, outcome);
        }
    }
}
