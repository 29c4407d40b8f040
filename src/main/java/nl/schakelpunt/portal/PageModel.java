package nl.schakelpunt.portal;

import java.util.Locale;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;

/** What every page needs: the page's own path (for the language switch) and its language. */
@ControllerAdvice(assignableTypes = {LandingController.class, SignInController.class, PortalController.class,
        DeskController.class, FormController.class})
class PageModel {

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ModelAttribute("language")
    String language(Locale locale) {
        return locale.getLanguage();
    }
}
