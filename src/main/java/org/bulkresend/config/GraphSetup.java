package org.bulkresend.config;

import java.net.URI;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.graph.ClientCertificate;
import org.bulkresend.graph.ClientSecret;
import org.bulkresend.graph.ExtraTrust;
import org.bulkresend.graph.GraphCredential;
import org.bulkresend.graph.GraphSettings;
import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.tenant.Cloud;
import org.bulkresend.password.Secret;

/** Turns the Graph settings into a connection: endpoints from the cloud unless overridden, the credential read. */
final class GraphSetup {

    private GraphSetup() {
    }

    static GraphSettings settings(BulkResendProperties properties) {
        BulkResendProperties.Graph graph = properties.graph();
        Cloud cloud = properties.mail().cloud();
        URI graphUrl = (graph.graphUrl() != null) ? graph.graphUrl() : URI.create(cloud.graphUrl());
        URI loginUrl = (graph.loginUrl() != null) ? graph.loginUrl() : URI.create(cloud.loginUrl());
        checkLoginUrl(loginUrl);
        return new GraphSettings(graph.tenantId().strip(), graph.clientId().strip(), credential(graph),
                graphUrl, loginUrl, graph.retries(), graph.maxWait(), graph.timeout(), URI.create(cloud.graphUrl()),
                tls(graph.caFile()));
    }

    /** Microsoft's sign-in library speaks to a login endpoint over https only, and reads the tenant from its path. */
    private static void checkLoginUrl(URI loginUrl) {
        String path = (loginUrl.getPath() != null) ? loginUrl.getPath() : "";
        if (!"https".equalsIgnoreCase(loginUrl.getScheme()) || !(path.isEmpty() || path.equals("/"))
                || loginUrl.getQuery() != null) {
            throw new DirectoryRefusedException("--login-url must be the https:// address of the sign-in endpoint, "
                    + "without a path, such as https://login.microsoftonline.us; was '" + loginUrl + "'. Nothing "
                    + "was changed.");
        }
    }

    private static SSLContext tls(Path caFile) {
        if (caFile == null) {
            return null;
        }
        try {
            return ExtraTrust.withAuthoritiesOf(caFile);
        }
        catch (IllegalArgumentException ex) {
            throw new DirectoryRefusedException("--graph-ca-file: " + ex.getMessage() + ". Nothing was changed.");
        }
    }

    private static GraphCredential credential(BulkResendProperties.Graph graph) {
        if (graph.certificate() != null) {
            Secret password = (graph.certificatePassword() != null) ? Secret.of(graph.certificatePassword()) : null;
            try {
                return ClientCertificate.read(graph.certificate(), password);
            }
            catch (IllegalArgumentException ex) {
                throw new DirectoryRefusedException("--certificate: " + ex.getMessage() + ". Nothing was changed.");
            }
            finally {
                if (password != null) {
                    password.destroy();
                }
            }
        }
        if (graph.clientSecretFile() != null) {
            return new ClientSecret(Secret.of(SecretFiles.firstLine(graph.clientSecretFile(), "--client-secret-file",
                    "the client secret's value")));
        }
        return new ClientSecret(Secret.of(graph.clientSecret().strip()));
    }
}
