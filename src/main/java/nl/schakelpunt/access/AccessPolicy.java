package nl.schakelpunt.access;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.schakelpunt.identity.Requester.Kind;

/**
 * Two tables of configuration: which kind of requester may read or write which group of data at
 * all, before the finer rules (own data, own record, the patient's permissions) apply
 * ({@code schakelpunt.access.data-groups}); and who may make which change to a permission
 * ({@code schakelpunt.access.permission-changes}). What a table does not name, nobody may do.
 */
public final class AccessPolicy {

    /** Reading or writing. */
    public enum Action { READ, WRITE }

    private final Map<Kind, Map<DataGroup, Set<Action>>> table = new EnumMap<>(Kind.class);
    private final Map<PermissionChange.Action, List<PermissionChange.Party>> permissionChanges =
            new EnumMap<>(PermissionChange.Action.class);

    public AccessPolicy(Map<Kind, Map<DataGroup, Set<Action>>> table,
            Map<PermissionChange.Action, List<PermissionChange.Party>> permissionChanges) {
        permissionChanges.forEach((action, parties) -> this.permissionChanges.put(action, List.copyOf(parties)));
        table.forEach((kind, groups) -> {
            Map<DataGroup, Set<Action>> copy = new EnumMap<>(DataGroup.class);
            groups.forEach((group, actions) -> copy.put(group,
                    actions.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(actions)));
            this.table.put(kind, copy);
        });
    }

    public boolean allows(Kind kind, DataGroup group, Action action) {
        return table.getOrDefault(kind, Map.of()).getOrDefault(group, Set.of()).contains(action);
    }

    /** Who may make this change to a permission, in the order a requester's standing is tried. */
    public List<PermissionChange.Party> mayChange(PermissionChange.Action action) {
        return permissionChanges.getOrDefault(action, List.of());
    }
}
