package nl.schakelpunt.demo;

import java.time.Clock;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import nl.schakelpunt.identity.TrustedIssuer;

/**
 * The demo issuer's signing key, made fresh at every start (its tokens do not outlive the
 * server), and the signing itself. Exists in the embedded profile only.
 */
final class DemoTokenIssuer {

    static final String ISSUER = "https://demo.schakelpunt.nl/issuer";
    static final Duration LIFETIME = Duration.ofHours(1);

    private final RSAKey key;
    private final Clock clock;

    DemoTokenIssuer(Clock clock) {
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID("demo-" + UUID.randomUUID())
                    .build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    TrustedIssuer trusted() {
        return new TrustedIssuer(ISSUER, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
    }

    /**
     * Signs a token with these claims; iss, iat, jti, and unless given, aud, nbf and exp are added.
     */
    String sign(Map<String, Object> claims, String audience) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach((name, value) -> builder.claim(name, asClaim(name, value)));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                builder.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a demo token", e);
        }
        return jwt.serialize();
    }

    /** Time claims given as numbers (seconds since the epoch, as in a JWT) become dates. */
    private static Object asClaim(String name, Object value) {
        if ((name.equals("exp") || name.equals("nbf") || name.equals("iat")) && value instanceof Number seconds) {
            return Date.from(Instant.ofEpochSecond(seconds.longValue()));
        }
        return value;
    }
}
