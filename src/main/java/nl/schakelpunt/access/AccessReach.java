package nl.schakelpunt.access;

import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.identity.Requester.Kind;

/**
 * Whether a requester may reach a stored resource by its id, judged from its facts in the index
 * (holder, patient) before anything is read: for a read, a change or an operation by id at the door,
 * and for a reference in a resource being written.
 */
@Component
public class AccessReach {

    private final ProfessionalLookups lookups;

    public AccessReach(ProfessionalLookups lookups) {
        this.lookups = lookups;
    }

    /** Whether the requester may reach a stored resource, judged from its facts in the index. */
    public Verdict reach(AccessContext context, ResourceFacts facts, HttpServletRequest servletRequest) {
        DataGroup group = facts.group();
        String what = facts.type() + "/" + facts.id();
        boolean reached;
        String reason;
        if (group == DataGroup.PATIENT && context.requester().actsForOrganization()) {
            reached = lookups.maySeePatient(context, facts.id(), servletRequest);
            reason = "no data of the requester's organisation about this patient, and no permission of the patient"
                    + " that lets the requester's role see any part of the summary";
        } else if (group == DataGroup.CLINICAL && context.kind() == Kind.PROFESSIONAL) {
            reached = lookups.mayReach(context, facts, servletRequest);
            reason = "the patient's permissions at " + String.join(", ", facts.holders())
                    + ", the role matrix or the data category do not let it through to this professional";
        } else {
            reached = AccessRules.maySee(context, facts);
            reason = context.kind() == Kind.PATIENT ? "it is not about the requesting patient"
                    : "it belongs to another organisation's data, or to data this requester does not see";
        }
        return reached ? Verdict.permit("access.reach", what + " may be reached")
                : Verdict.deny("access.withheld", what + " is withheld: " + reason);
    }
}
