package nl.schakelpunt.access;

import java.util.Map;

/**
 * Information point: the records patients have shared with a person they trust (a family member,
 * a carer), who signs in with their own BSN.
 */
public interface RecordShares {

    /**
     * The records shared with the person with this BSN that are in force now: each patient's id, with
     * the id of the share (the Consent) that lets the person read it.
     */
    Map<String, String> sharedWith(String bsn);
}
