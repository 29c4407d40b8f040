package nl.schakelpunt.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Tokens of the benchmark issuer (a key made by the bench scripts), valid for a day. */
final class BenchTokens {

    private final String issuer;
    private final RSAPrivateKey key;

    private BenchTokens(String issuer, RSAPrivateKey key) {
        this.issuer = issuer;
        this.key = key;
    }

    static BenchTokens fromFile(String issuer, Path pkcs8Der) throws Exception {
        byte[] der = Files.readAllBytes(pkcs8Der);
        return new BenchTokens(issuer, (RSAPrivateKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(der)));
    }

    String operator() {
        return sign(Map.of("requester_type", "operator", "scope", "system/*.cruds"));
    }

    String holder(String ura, String type) {
        return sign(Map.of("requester_type", "organization", "organization_ura", ura, "organization_type", type,
                "scope", "system/*.cruds"));
    }

    String patient(String bsn) {
        return sign(Map.of("requester_type", "patient", "patient_bsn", bsn, "scope", "patient/*.rs patient/Consent.cu"));
    }

    /** A GP (UZI role 01.015) at the out-of-hours GP service, treating. */
    String outOfHoursGp() {
        return sign(Map.of("requester_type", "professional", "organization_ura", Population.OUT_OF_HOURS_URA,
                "organization_type", "N6", "uzi_number", "900009999", "uzi_role", "01.015",
                "purpose_of_use", "TREAT", "scope", "user/*.rs"));
    }

    private String sign(Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).audience("schakelpunt")
                .subject("bench").issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(24))));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a bench token", e);
        }
        return jwt.serialize();
    }
}
