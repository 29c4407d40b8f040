package nl.schakelpunt.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints bearer tokens for the tests, signed with a key pair made for this test run; the server
 * under test trusts its public key as the issuer {@value #ISSUER} (see {@link ServerTest}).
 */
public final class TestTokens {

    public static final String ISSUER = "https://tokens.test.schakelpunt.nl";
    public static final String AUDIENCE = "schakelpunt";

    static final KeyPair KEYS = generate();

    /** URAs and types of the demo organisations. */
    public static final String GP_DE_LINDE = "90000101";
    public static final String PHARMACY_DE_BRUG = "90000201";
    public static final String PHARMACY_CENTRUM = "90000202";
    public static final String HOSPITAL = "90000501";

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Instant expires = Instant.now().plus(Duration.ofMinutes(10));
    private Instant notBefore = Instant.now().minusSeconds(5);
    private String issuer = ISSUER;
    private Object audience = AUDIENCE;

    private TestTokens(String requesterType) {
        claims.put("requester_type", requesterType);
        claims.put("sub", "test-" + UUID.randomUUID());
    }

    /** An organisation's system, with every resource scope. */
    public static TestTokens organization(String ura, String type) {
        return new TestTokens("organization").claim("organization_ura", ura).claim("organization_type", type)
                .claim("purpose_of_use", "TREAT").claim("scope", "system/*.cruds");
    }

    /** A professional of an organisation, for treatment, with every resource scope. */
    public static TestTokens professional(String ura, String type, String uzi, String role) {
        return new TestTokens("professional").claim("organization_ura", ura).claim("organization_type", type)
                .claim("uzi_number", uzi).claim("uzi_role", role).claim("purpose_of_use", "TREAT")
                .claim("scope", "user/*.cruds");
    }

    /** A patient logged in with this BSN, reading their record. */
    public static TestTokens patient(String bsn) {
        return new TestTokens("patient").claim("patient_bsn", bsn).claim("scope", "patient/*.rs patient/Consent.cu");
    }

    public static TestTokens operator() {
        return new TestTokens("operator").claim("scope", "system/*.cruds");
    }

    public static TestTokens gpDeLinde() {
        return organization(GP_DE_LINDE, "Z3");
    }

    public static TestTokens pharmacyDeBrug() {
        return organization(PHARMACY_DE_BRUG, "J8");
    }

    /** Cardiologist Hendriks of the demo hospital. */
    public static TestTokens cardiologist() {
        return professional(HOSPITAL, "V4", "900000501", "01.010");
    }

    public TestTokens claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    public TestTokens scope(String scope) {
        return claim("scope", scope);
    }

    public TestTokens expires(Instant at) {
        this.expires = at;
        return this;
    }

    public TestTokens notBefore(Instant at) {
        this.notBefore = at;
        return this;
    }

    public TestTokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    public TestTokens audience(Object audience) {
        this.audience = audience;
        return this;
    }

    /** Signed with the trusted test key. */
    public String sign() {
        return signWith(KEYS);
    }

    /** Signed with another key, as a forger would. */
    public String signWith(KeyPair keys) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claimsSet());
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Not signed at all: {@code alg: none}. */
    public String unsigned() {
        return new PlainJWT(claimsSet()).serialize();
    }

    private JWTClaimsSet claimsSet() {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(new Date())
                .jwtID(UUID.randomUUID().toString());
        if (expires != null) {
            builder.expirationTime(Date.from(expires));
        }
        if (notBefore != null) {
            builder.notBeforeTime(Date.from(notBefore));
        }
        if (audience != null) {
            builder.claim("aud", audience);
        }
        claims.forEach(builder::claim);
        return builder.build();
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key of the test issuer, in PEM, as the server is configured with it. */
    public static String publicKeyPem() {
        RSAPublicKey key = (RSAPublicKey) KEYS.getPublic();
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }
}
