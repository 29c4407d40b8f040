package nl.schakelpunt.portal;

import java.util.List;
import java.util.Optional;

/**
 * The stand-in for DigiD and for the professionals' login in the embedded profile: the people of the demo data, each
 * of whom can be picked on the sign-in page, and a token of the demo issuer for each. No other profile has one.
 */
public interface DemoSignIn {

    /** The demo patients, in the order the README lists them. */
    List<PortalUser> patients();

    /** Staff of the demo's data holders (GP practices and pharmacies). */
    List<PortalUser> staff();

    Optional<PortalUser> user(String subject);

    /** Any patient by BSN, for trying the portal with patients added after the demo data. */
    PortalUser patient(String bsn);

    /** A fresh bearer token of the demo issuer for this user. */
    String token(PortalUser user);
}
