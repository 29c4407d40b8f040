package nl.schakelpunt.identity;

import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * An authenticated request: the checked token and the requester it describes. The HAPI layer finds
 * it as the servlet request's user principal.
 */
public final class RequesterAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private final Requester requester;

    public RequesterAuthentication(Jwt jwt) {
        super(jwt, jwt, jwt, List.of());
        this.requester = RequesterClaims.requester(jwt);
        setAuthenticated(true);
    }

    public Requester requester() {
        return requester;
    }

    @Override
    public java.util.Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }

    @Override
    public String getName() {
        return getToken().getSubject() == null ? requester.describe() : getToken().getSubject();
    }
}
