package org.bulkresend.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.LanguageChoice;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.Notification;
import org.bulkresend.password.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The sequence tells each user the credential the directory answered with, which need not be the
 * one planned: a directory may make its own (as Microsoft Graph makes a Temporary Access Pass).
 * Whatever the directory answered with is forgotten once the chunk is told.
 */
class ResetAndTellTests {

    static final DirectoryUser JANE = new DirectoryUser("jane.doe@contoso.example", "Jane Doe", null, null,
            AccountState.ACTIVE, Set.of(), null, "jane@example.net", "en", false, null);

    final List<String> told = new ArrayList<>();

    final List<LedgerEntry> outcomes = new ArrayList<>();

    @Test
    void eachUserIsToldTheCredentialTheDirectoryAnsweredWithAndItIsForgottenAfterwards() {
        Secret made = Secret.of("Made-By-The-Directory-1");
        Function<List<PasswordReset>, List<ResetResult>> directory = (resets) -> resets.stream()
            .map((reset) -> ResetResult.set(reset.user(), made)).toList();
        ResetAndTell sequence = new ResetAndTell(1, directory, channel(), records(), (item) -> Secret.of("Planned-1"),
                Clock.systemUTC(), null, null, "adele.vance@contoso.example", null);

        sequence.chunk(List.of(item()));

        assertThat(this.told).containsExactly("Made-By-The-Directory-1");
        assertThat(this.outcomes).extracting(LedgerEntry::status).containsExactly(Status.NOTIFIED);
        assertThatIllegalStateException().as("forgotten once told").isThrownBy(made::reveal);
    }

    @Test
    void aSetResultAlwaysCarriesTheCredential() {
        assertThatNullPointerException().isThrownBy(() -> ResetResult.set(JANE, null)).withMessage("credential");
        assertThat(ResetResult.failed(JANE, "refused").credential()).isNull();
    }

    private static ResendItem item() {
        ResendRequest request = new ResendRequest(2, JANE.userPrincipalName(), null, null, null, null, null, null);
        return ResendItem.eligible(request, JANE, "jane@example.net").writtenIn(new LanguageChoice("en", null), null);
    }

    private MailChannel channel() {
        return new MailChannel() {
            @Override
            public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
                List<Delivery> deliveries = new ArrayList<>();
                for (Notification notification : notifications) {
                    ResetAndTellTests.this.told.add(notification.password().reveal());
                    Delivery delivery = new Delivery(notification, Delivery.Outcome.ACCEPTED, "<1@contoso.example>",
                            null);
                    deliveries.add(delivery);
                    answered.answered(delivery);
                }
                return deliveries;
            }

            @Override
            public Optional<String> send(Function<Session, MimeMessage> message) {
                return Optional.empty();
            }

            @Override
            public void check() {
            }

            @Override
            public String describe() {
                return "a list in the test";
            }
        };
    }

    private ResetAndTell.Records records() {
        return new ResetAndTell.Records() {
            @Override
            public Map<Long, LedgerEntry> recorded(List<Long> lines) {
                return Map.of();
            }

            @Override
            public RowRules.Claims claims(List<String> userKeys) {
                return RowRules.Claims.of(new HashMap<>());
            }

            @Override
            public Map<String, LedgerEntry> notifiedBefore(List<String> userKeys) {
                return Map.of();
            }

            @Override
            public Map<String, LedgerEntry> toldBefore(List<String> userKeys) {
                return Map.of();
            }

            @Override
            public void intents(List<LedgerEntry> intents) {
            }

            @Override
            public void resets(List<ResetResult> results) {
            }

            @Override
            public void sent(ResendItem item, LedgerEntry entry, Delivery delivery) {
                ResetAndTellTests.this.outcomes.add(entry);
            }

            @Override
            public void outcomes(List<LedgerEntry> entries) {
                ResetAndTellTests.this.outcomes.addAll(entries);
            }
        };
    }
}
