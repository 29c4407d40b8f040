package nl.schakelpunt.access;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import nl.schakelpunt.identity.Requester.Kind;

/**
 * Which kind of requester may read or write which group of data at all, before the finer rules
 * (own data, own record, the patient's permissions) apply. Plain Java, no Spring, no database.
 *
 * <ul>
 * <li>An organisation's system and its professionals read the directory, Patients, and data the
 *     finer rules let them see; a data holder writes its own clinical data, permissions, Patients
 *     and the medicinal products its data refers to.
 * <li>A patient reads the directory and their own record, permissions and audit trail, and asks
 *     for, refuses or withdraws permissions (the permission life cycle decides which).
 * <li>An operator manages the directory, products and conformance resources, and reads no patient data.
 * </ul>
 */
public final class AccessPolicy {

    /** Reading or writing. */
    public enum Action { READ, WRITE }

    private static final Map<Kind, Map<DataGroup, Set<Action>>> TABLE = new EnumMap<>(Kind.class);

    static {
        grant(Kind.ORGANIZATION, DataGroup.DIRECTORY, Action.READ);
        grant(Kind.ORGANIZATION, DataGroup.CONFORMANCE, Action.READ);
        grant(Kind.ORGANIZATION, DataGroup.PRODUCT, Action.READ, Action.WRITE);
        grant(Kind.ORGANIZATION, DataGroup.PATIENT, Action.READ, Action.WRITE);
        grant(Kind.ORGANIZATION, DataGroup.CLINICAL, Action.READ, Action.WRITE);
        grant(Kind.ORGANIZATION, DataGroup.PERMISSION, Action.READ, Action.WRITE);

        grant(Kind.PROFESSIONAL, DataGroup.DIRECTORY, Action.READ);
        grant(Kind.PROFESSIONAL, DataGroup.CONFORMANCE, Action.READ);
        grant(Kind.PROFESSIONAL, DataGroup.PRODUCT, Action.READ, Action.WRITE);
        grant(Kind.PROFESSIONAL, DataGroup.PATIENT, Action.READ, Action.WRITE);
        grant(Kind.PROFESSIONAL, DataGroup.CLINICAL, Action.READ, Action.WRITE);
        grant(Kind.PROFESSIONAL, DataGroup.PERMISSION, Action.READ, Action.WRITE);

        grant(Kind.PATIENT, DataGroup.DIRECTORY, Action.READ);
        grant(Kind.PATIENT, DataGroup.CONFORMANCE, Action.READ);
        grant(Kind.PATIENT, DataGroup.PRODUCT, Action.READ);
        grant(Kind.PATIENT, DataGroup.PATIENT, Action.READ);
        grant(Kind.PATIENT, DataGroup.CLINICAL, Action.READ);
        grant(Kind.PATIENT, DataGroup.PERMISSION, Action.READ, Action.WRITE);
        grant(Kind.PATIENT, DataGroup.AUDIT, Action.READ);

        grant(Kind.OPERATOR, DataGroup.DIRECTORY, Action.READ, Action.WRITE);
        grant(Kind.OPERATOR, DataGroup.CONFORMANCE, Action.READ, Action.WRITE);
        grant(Kind.OPERATOR, DataGroup.PRODUCT, Action.READ, Action.WRITE);
    }

    private static void grant(Kind kind, DataGroup group, Action... actions) {
        TABLE.computeIfAbsent(kind, k -> new EnumMap<>(DataGroup.class))
                .put(group, EnumSet.of(actions[0], actions));
    }

    private AccessPolicy() {
    }

    public static boolean allows(Kind kind, DataGroup group, Action action) {
        return TABLE.getOrDefault(kind, Map.of()).getOrDefault(group, Set.of()).contains(action);
    }
}
