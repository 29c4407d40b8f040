package nl.schakelpunt.portal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The sign-in pages of the portal and the desk. In the demo, a person of the demo data is picked (and the page says
 * plainly that this is a demonstration); otherwise the page leads to the OpenID Connect provider.
 */
@Controller
class SignInController {

    private static final Pattern BSN = Pattern.compile("\\d{9}");

    private final Optional<DemoSignIn> demo;
    private final PortalProperties properties;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignInController(Optional<DemoSignIn> demo, PortalProperties properties) {
        this.demo = demo;
        this.properties = properties;
    }

    @GetMapping(PortalSecurityConfig.PORTAL_SIGN_IN)
    String portalSignIn(Model model) {
        model.addAttribute("demoUsers", demo.map(DemoSignIn::patients).orElse(List.of()));
        model.addAttribute("loginUrl", "/oauth2/authorization/" + properties.patientRegistration());
        return "portal/sign-in";
    }

    @GetMapping(PortalSecurityConfig.DESK_SIGN_IN)
    String deskSignIn(Model model) {
        model.addAttribute("demoUsers", demo.map(DemoSignIn::staff).orElse(List.of()));
        model.addAttribute("loginUrl", "/oauth2/authorization/" + properties.staffRegistration());
        return "desk/sign-in";
    }

    @PostMapping(PortalSecurityConfig.PORTAL_SIGN_IN)
    String portalDemoSignIn(@RequestParam(required = false) String subject, @RequestParam(required = false) String bsn,
            HttpServletRequest request, HttpServletResponse response) {
        Optional<PortalUser> user = bsn != null && BSN.matcher(bsn.strip()).matches()
                ? demo.map(d -> d.patient(bsn.strip()))
                : demo.flatMap(d -> d.user(subject == null ? "" : subject));
        return signIn(user, PortalUser.Kind.PATIENT, request, response) ? "redirect:/portal"
                : "redirect:" + PortalSecurityConfig.PORTAL_SIGN_IN + "?unknown";
    }

    @PostMapping(PortalSecurityConfig.DESK_SIGN_IN)
    String deskDemoSignIn(@RequestParam String subject, HttpServletRequest request, HttpServletResponse response) {
        return signIn(demo.flatMap(d -> d.user(subject)), PortalUser.Kind.STAFF, request, response) ? "redirect:/desk"
                : "redirect:" + PortalSecurityConfig.DESK_SIGN_IN + "?unknown";
    }

    private boolean signIn(Optional<PortalUser> found, PortalUser.Kind kind, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<PortalUser> user = found.filter(u -> u.kind() == kind);
        if (user.isEmpty()) {
            return false;
        }
        // A new session id at sign-in, so that an id known before cannot be used after it.
        request.getSession(true);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                List.of(new SimpleGrantedAuthority(kind.authority()))));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return true;
    }
}
