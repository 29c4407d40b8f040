package nl.schakelpunt.portal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is signed in on the current request, whichever way they signed in. */
final class SignedIn {

    private SignedIn() {
    }

    static PortalUser user() {
        return user(SecurityContextHolder.getContext().getAuthentication());
    }

    static PortalUser user(Authentication authentication) {
        if (authentication != null) {
            if (authentication.getPrincipal() instanceof PortalUser user) {
                return user;
            }
            if (authentication.getPrincipal() instanceof PortalOidcUser login) {
                return login.user();
            }
        }
        throw new PortalTokens.SignInExpiredException();
    }
}
