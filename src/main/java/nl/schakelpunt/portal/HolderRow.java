package nl.schakelpunt.portal;

import java.util.Locale;

/**
 * One data holder on the patient's permission page, with the state of the patient's choice there.
 *
 * @param holderId      the holder's Organization id (for a health centre: its GP practice, which the choice is for)
 * @param name          the holder's name
 * @param place         where it is; may be null
 * @param kind          gp, pharmacy or centre
 * @param state         the state of the choice
 * @param since         when the choice was made or asked for (dd-MM-yyyy); null without one
 * @param until         the end of a temporary permission or of a withdrawn one; may be null
 * @param channel       how it was given: verbal, paper or online; may be null
 * @param narrowing     null, or which narrowing holds: no-planned-hospital-care, medication-only, emergencies-only
 * @param reason        the holder's reason for rejecting a request; may be null
 * @param permissionId  the Consent behind the state; null without one
 * @param coveredBy     for a pharmacy of a health centre: the GP practice whose choice covers it; else null
 * @param holdsData     whether this holder holds data about the patient
 * @param atOnce        whether a permission given here online takes effect at once (the holder says so and the
 *                      patient's login was verified) rather than waiting for the holder to process it
 */
public record HolderRow(String holderId, String name, String place, String kind, State state, String since, String until,
        String channel, String narrowing, String reason, String permissionId, String coveredBy, boolean holdsData,
        boolean atOnce) {

    /** The states of a choice, as the patient reads them. */
    public enum State {
        NONE, REQUESTED, ACTIVE, REFUSED, REJECTED, WITHDRAWN;

        /** The message key of the state's words. */
        public String key() {
            return "state." + name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean mayWithdraw() {
        return permissionId != null && (state == State.ACTIVE || state == State.REQUESTED || state == State.REFUSED);
    }

    public boolean mayChoose() {
        return coveredBy == null && state != State.REQUESTED;
    }
}
