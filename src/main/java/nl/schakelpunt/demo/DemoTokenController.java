package nl.schakelpunt.demo;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nl.schakelpunt.identity.SecurityProperties;
import nl.schakelpunt.identity.TrustedIssuer;
import nl.schakelpunt.portal.DemoSignIn;

/**
 * The demo token issuer, in the embedded profile only: {@code POST /demo/token} signs a token for a
 * named persona or for explicit claims, and {@code GET /demo/personas} lists the personas. Its
 * issuer is trusted by this server only while the embedded profile is active; no other profile has
 * this endpoint or trusts this issuer.
 */
@RestController
@Profile("embedded")
public class DemoTokenController {

    private final DemoTokenIssuer issuer;
    private final DemoPersonas personas;
    private final SecurityProperties security;
    private final Clock clock;

    public DemoTokenController(SecurityProperties security, Clock clock) {
        this.security = security;
        this.clock = clock;
        this.issuer = new DemoTokenIssuer(clock);
        this.personas = new DemoPersonas(clock);
    }

    @Bean
    TrustedIssuer demoIssuer() {
        return issuer.trusted();
    }

    @Bean
    DemoSignIn demoSignIn() {
        return new DemoPortalSignIn(issuer, personas, security.audience(), clock);
    }

    @GetMapping(path = "/demo/personas", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<DemoPersonas.Persona> personas() {
        return personas.all();
    }

    @PostMapping(path = "/demo/token", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestBody Map<String, Object> request) {
        Map<String, Object> claims;
        if (request.get("persona") instanceof String id) {
            DemoPersonas.Persona persona = personas.byId(id).orElse(null);
            if (persona == null) {
                return error("Unknown persona '" + id + "'; GET /demo/personas lists them");
            }
            claims = persona.claims();
        } else if (request.get("claims") instanceof Map<?, ?> given) {
            claims = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : given.entrySet()) {
                claims.put(String.valueOf(entry.getKey()), entry.getValue());
            }
        } else {
            return error("Send {\"persona\": \"<id>\"} or {\"claims\": {...}}");
        }
        String token = issuer.sign(claims, security.audience());
        long expiresIn = claims.get("exp") instanceof Number exp
                ? Math.max(0, exp.longValue() - clock.instant().getEpochSecond())
                : DemoTokenIssuer.LIFETIME.toSeconds();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", expiresIn);
        return ResponseEntity.ok(answer);
    }

    private static ResponseEntity<Map<String, Object>> error(String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_request");
        body.put("error_description", description);
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(body);
    }
}
