package nl.schakelpunt.identity;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/** Turns configured PEM public keys ({@code -----BEGIN PUBLIC KEY-----}, RSA or EC) into a key set. */
final class PublicKeys {

    private PublicKeys() {
    }

    static JWKSet fromPem(String issuer, List<String> pems) {
        List<JWK> keys = new ArrayList<>();
        for (String pem : pems) {
            PublicKey key = parse(issuer, pem);
            if (key instanceof RSAPublicKey rsa) {
                keys.add(new RSAKey.Builder(rsa).build());
            } else if (key instanceof ECPublicKey ec) {
                keys.add(new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build());
            }
        }
        return new JWKSet(keys);
    }

    private static PublicKey parse(String issuer, String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A public key of trusted issuer " + issuer + " is not valid PEM", e);
        }
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (InvalidKeySpecException notRsa) {
            try {
                return KeyFactory.getInstance("EC").generatePublic(spec);
            } catch (InvalidKeySpecException notEc) {
                IllegalArgumentException failure = new IllegalArgumentException(
                        "A public key of trusted issuer " + issuer + " is neither RSA nor EC", notEc);
                failure.addSuppressed(notRsa);
                throw failure;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
