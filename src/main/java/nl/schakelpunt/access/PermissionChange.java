package nl.schakelpunt.access;

/**
 * A change to a permission, as the decision point sees it: what is done, and whom the permission
 * names (any of them null when the change does not name it yet; the life cycle fills it in).
 *
 * @param action                  what is done to the permission
 * @param patientId               the patient it is about
 * @param holderId                the holder it is addressed to
 * @param recipientOrganizationId for a temporary permission given at the point of care, the
 *                                organisation it was given to
 */
public record PermissionChange(Action action, String patientId, String holderId, String recipientOrganizationId) {

    /** What may be done to a permission. */
    public enum Action {
        RECORD("records a permission"),
        UPDATE("updates a permission"),
        PROCESS("processes a request for permission"),
        WITHDRAW("withdraws a permission"),
        MARK_IN_ERROR("marks a permission as entered in error"),
        DELETE("deletes a permission"),
        /** Not a change to one permission but to how the holder takes online ones ($online-permissions). */
        SET_ONLINE_PERMISSIONS("sets how a data holder takes permissions given online"),
        /** A record share: the patient lets a person they trust read their record for a period. */
        SHARE_RECORD("shares a record with a family member or carer");

        private final String words;

        Action(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** Whom a requester stands for towards a permission. */
    public enum Party {
        /** The patient the permission is about, signed in themselves. */
        PATIENT("the patient it is about"),
        /** The data holder the permission is addressed to (its system or its staff). */
        HOLDER("the holder it is addressed to"),
        /** A treating professional of an organisation that holds no data, at the point of care. */
        POINT_OF_CARE("a treating professional at the point of care"),
        /** The organisation a temporary permission was given to. */
        RECIPIENT("the organisation a temporary permission was given to");

        private final String words;

        Party(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }
}
