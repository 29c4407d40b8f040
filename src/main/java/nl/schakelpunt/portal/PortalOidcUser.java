package nl.schakelpunt.portal;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** A person signed in by OpenID Connect, with what the pages need to know of them. */
final class PortalOidcUser extends DefaultOidcUser {

    private final PortalUser user;

    PortalOidcUser(OidcUser login, Collection<? extends GrantedAuthority> authorities, PortalUser user) {
        super(authorities, login.getIdToken(), login.getUserInfo());
        this.user = user;
    }

    PortalUser user() {
        return user;
    }
}
