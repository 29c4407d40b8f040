package nl.schakelpunt.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which bearer tokens the server accepts.
 *
 * @param audience  the value the {@code aud} claim must contain
 * @param clockSkew how far {@code exp} and {@code nbf} may be off against this server's clock
 * @param issuers   the trusted issuers, each with a JWKS URL or public keys in PEM form
 */
@ConfigurationProperties("schakelpunt.security")
public record SecurityProperties(String audience, Duration clockSkew, List<Issuer> issuers) {

    public SecurityProperties {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("schakelpunt.security.audience must be set");
        }
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
    }

    /**
     * One trusted issuer.
     *
     * @param issuer     the exact {@code iss} value
     * @param jwksUri    where its signing keys are published (fetched when first needed)
     * @param publicKeys its signing keys in PEM form, when they are not fetched
     */
    public record Issuer(String issuer, URI jwksUri, List<String> publicKeys) {

        public Issuer {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("A trusted issuer needs an issuer value");
            }
            publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
            if (jwksUri == null && publicKeys.isEmpty()) {
                throw new IllegalArgumentException("Trusted issuer " + issuer + " needs a jwks-uri or public-keys");
            }
        }
    }
}
