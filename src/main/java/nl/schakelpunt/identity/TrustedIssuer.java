package nl.schakelpunt.identity;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * An issuer whose tokens are accepted, with the source of its signing keys. Beans of this type are
 * trusted in addition to the configured issuers (the demo issuer of the embedded profile is one).
 */
public record TrustedIssuer(String issuer, JWKSource<SecurityContext> keys) {
}
