package nl.schakelpunt.portal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import nl.schakelpunt.consent.HolderSettings;
import nl.schakelpunt.consent.Permissions;

/**
 * The patient's portal: the permission page (every holder and the state of the choice there; give, refuse, narrow,
 * withdraw) and who looked. Thin: it asks the FHIR API, with the patient's own token, and shows the answer.
 */
@Controller
class PortalController {

    private final PortalFhir fhir;
    private final PatientPages pages;
    private final AuditTrailPages trail;
    private final RecordPages record;
    private final SharingPages sharing;
    private final Clock clock;

    PortalController(PortalFhir fhir, PatientPages pages, AuditTrailPages trail, RecordPages record,
            SharingPages sharing, Clock clock) {
        this.fhir = fhir;
        this.pages = pages;
        this.trail = trail;
        this.record = record;
        this.sharing = sharing;
        this.clock = clock;
    }

    @GetMapping({"/portal", "/portal/"})
    String home() {
        return "redirect:/portal/permissions";
    }

    @GetMapping("/portal/permissions")
    String permissions(@RequestParam(required = false) String q, Model model) {
        IGenericClient client = fhir.client();
        Patient patient = pages.me(client);
        model.addAttribute("user", SignedIn.user());
        if (patient == null) {
            model.addAttribute("holders", List.of());
            model.addAttribute("unknownPatient", true);
            return "portal/permissions";
        }
        model.addAttribute("holders", pages.holders(client, patient));
        model.addAttribute("choices", OnlineChoice.values());
        if (q != null && !q.isBlank()) {
            model.addAttribute("q", q.strip());
            model.addAttribute("found", pages.search(client, patient, q.strip()));
        }
        return "portal/permissions";
    }

    @PostMapping("/portal/permissions/choose")
    String choose(@RequestParam String holder, @RequestParam OnlineChoice choice, RedirectAttributes redirect) {
        IGenericClient client = fhir.client();
        Patient patient = pages.me(client);
        Organization organization = client.read().resource(Organization.class).withId(holder).execute();
        boolean atOnce = choice != OnlineChoice.REFUSE && HolderSettings.onlinePermissionsAtOnce(organization)
                && SignedIn.user().verifiedLogin();
        Consent consent = choice.consent(patient.getIdElement().getIdPart(), holder, clock, atOnce);
        client.create().resource(consent).execute();
        redirect.addFlashAttribute("done", choice == OnlineChoice.REFUSE ? "done.refused"
                : atOnce ? "done.given" : "done.requested");
        return "redirect:/portal/permissions";
    }

    /**
     * The states of the patient's choices, by holder: the permission page asks while a request waits, so that it shows
     * the holder's answer the moment it is given.
     */
    @GetMapping(path = "/portal/permissions/states", produces = "application/json")
    @ResponseBody
    Map<String, String> states() {
        IGenericClient client = fhir.client();
        Patient patient = pages.me(client);
        Map<String, String> states = new TreeMap<>();
        if (patient != null) {
            for (Consent consent : pages.consents(client, patient)) {
                String holder = Permissions.holderId(consent);
                if (holder != null && consent.getStatus() != Consent.ConsentState.ENTEREDINERROR) {
                    states.merge(holder, consent.getMeta().getLastUpdated().toInstant() + " "
                            + consent.getStatus().toCode(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
        }
        states.replaceAll((holder, newest) -> newest.substring(newest.indexOf(' ') + 1));
        return states;
    }

    @PostMapping("/portal/permissions/{id}/withdraw")
    String withdraw(@PathVariable String id, RedirectAttributes redirect) {
        fhir.client().operation().onInstance(new IdType("Consent", id)).named("$withdraw")
                .withNoParameters(Parameters.class).returnResourceType(Consent.class).execute();
        redirect.addFlashAttribute("done", "done.withdrawn");
        return "redirect:/portal/permissions";
    }

    /** The patient's own record, or with {@code patient}, the record of someone who shares theirs with them. */
    @GetMapping("/portal/record")
    String record(@RequestParam(name = "patient", required = false) String sharedBy, Model model) {
        IGenericClient client = fhir.client();
        model.addAttribute("user", SignedIn.user());
        Patient patient = sharedBy == null ? pages.me(client)
                : client.read().resource(Patient.class).withId(sharedBy).execute();
        if (sharedBy != null) {
            model.addAttribute("sharedBy", PatientPages.nameOf(patient));
        }
        model.addAttribute("record", patient == null ? null : record.record(client, patient));
        return "portal/record";
    }

    @GetMapping("/portal/trail")
    String trail(@RequestParam(required = false) String before, Model model) {
        IGenericClient client = fhir.client();
        model.addAttribute("user", SignedIn.user());
        Patient patient = pages.me(client);
        model.addAttribute("page", patient == null ? AuditTrailPages.Page.EMPTY
                : trail.page(client, patient, before, sharing.namesByShare(pages.consents(client, patient))));
        return "portal/trail";
    }

    @GetMapping("/portal/sharing")
    String sharing(Model model) {
        IGenericClient client = fhir.client();
        model.addAttribute("user", SignedIn.user());
        Patient patient = pages.me(client);
        model.addAttribute("ownRecord", patient != null);
        model.addAttribute("shares", patient == null ? List.of() : sharing.shares(pages.consents(client, patient)));
        model.addAttribute("sharedWithMe", sharing.sharedWithMe(client, SignedIn.user().bsn()));
        model.addAttribute("defaultUntil", sharing.defaultUntil());
        return "portal/sharing";
    }

    @PostMapping("/portal/sharing")
    String share(@RequestParam String name, @RequestParam String bsn, @RequestParam LocalDate until,
            RedirectAttributes redirect) {
        IGenericClient client = fhir.client();
        Patient patient = pages.me(client);
        if (patient == null || name.isBlank()) {
            redirect.addFlashAttribute("failedKey", patient == null ? "portal.permissions.unknown" : "sharing.name-missing");
            return "redirect:/portal/sharing";
        }
        client.create().resource(sharing.newShare(patient.getIdElement().getIdPart(), name, bsn, until)).execute();
        redirect.addFlashAttribute("done", "done.shared");
        return "redirect:/portal/sharing";
    }

    @PostMapping("/portal/sharing/{id}/end")
    String endShare(@PathVariable String id, RedirectAttributes redirect) {
        fhir.client().operation().onInstance(new IdType("Consent", id)).named("$withdraw")
                .withNoParameters(Parameters.class).returnResourceType(Consent.class).execute();
        redirect.addFlashAttribute("done", "done.share-ended");
        return "redirect:/portal/sharing";
    }

    /**
     * A refusal of the API: after an action, a message on the page the person came from; on a page that could not
     * be shown, an error page with the same message (never a redirect to the page that failed).
     */
    @ExceptionHandler(BaseServerResponseException.class)
    String refused(BaseServerResponseException e, HttpServletRequest request, RedirectAttributes redirect,
            Model model) {
        if ("GET".equals(request.getMethod())) {
            model.addAttribute("failed", FhirMessages.of(e));
            model.addAttribute("area", "portal");
            model.addAttribute("user", SignedIn.user());
            return "failed";
        }
        redirect.addFlashAttribute("failed", FhirMessages.of(e));
        return request.getRequestURI().startsWith("/portal/sharing") ? "redirect:/portal/sharing"
                : "redirect:/portal/permissions";
    }

    @ExceptionHandler(PortalTokens.SignInExpiredException.class)
    String expired() {
        return "redirect:" + PortalSecurityConfig.PORTAL_SIGN_IN + "?expired";
    }
}
