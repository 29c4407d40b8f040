package nl.schakelpunt.portal;

import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The front page (what this server is, with the way to the portal, the desk and the API) and the information pages. */
@Controller
class LandingController {

    /** Languages of the short information pages besides Dutch and English. */
    private static final Set<String> INFORMATION_LANGUAGES = Set.of("ar", "tr", "pl", "nl", "en");

    private final Optional<DemoSignIn> demo;

    LandingController(Optional<DemoSignIn> demo) {
        this.demo = demo;
    }

    @GetMapping("/")
    String landing(Model model) {
        model.addAttribute("demo", demo.isPresent());
        return "landing";
    }

    @GetMapping("/portal/info/{language}")
    String information(@PathVariable String language) {
        if (!INFORMATION_LANGUAGES.contains(language)) {
            return "redirect:/portal/info/nl";
        }
        return "info/" + language;
    }
}
