package dev.flightpipeline.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/openapi.yaml}: the API's OpenAPI document, no token needed. The one copy is {@code
 * docs/openapi.yaml}, which the build puts into the jar unchanged; the gateway answers with its
 * bytes as they are, so the served document and the checked-in one cannot drift apart.
 */
@RestController
class ApiDocumentController {

    static final String PATH = "/api/openapi.yaml";
    static final String RESOURCE = "api/openapi.yaml";

    private final byte[] document;

    ApiDocumentController() throws IOException {
        ClassPathResource resource = new ClassPathResource(RESOURCE);
        if (!resource.exists()) {
            throw new IllegalStateException(
                    RESOURCE + " is not on the classpath: the gateway's build copies it from docs/openapi.yaml");
        }
        try (InputStream in = resource.getInputStream()) {
            this.document = in.readAllBytes();
        }
    }

    @GetMapping(PATH)
    ResponseEntity<byte[]> document() {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_YAML)
                .cacheControl(CacheControl.noCache())
                .body(document);
    }
}
