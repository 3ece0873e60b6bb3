package dev.roundhouse.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/** Where a partition resumes, from ClickHouse's max(_offset)+1 and the group's committed intent. */
class ResumePointTest {
    private static final OffsetAndMetadata INTENT_100_199 = new InsertIntent(100, 199).commit();

    @Test
    void anIntentRoundTripsThroughItsCommit() {
        assertEquals(100, INTENT_100_199.offset());
        assertEquals("insert 100-199", INTENT_100_199.metadata());
        assertEquals(Optional.of(new InsertIntent(100, 199)), InsertIntent.of(INTENT_100_199));
        assertEquals(Optional.empty(), InsertIntent.of(new OffsetAndMetadata(100)));
        assertEquals(Optional.empty(), InsertIntent.of(new OffsetAndMetadata(100, "something else")));
        assertEquals(Optional.empty(), InsertIntent.of(null));
        assertThrows(IllegalArgumentException.class, () -> new InsertIntent(5, 4));
    }

    @Test
    void theTokenIsTheSameForEveryInstanceAndDiffersPerRange() {
        assertEquals("t:3:100-199:u1", new InsertIntent(100, 199).token("t", 3, "u1"));
        assertEquals(new InsertIntent(100, 199).token("t", 3, "u1"), new InsertIntent(100, 199).token("t", 3, "u1"));
    }

    @Test
    void withoutAnIntentItResumesAfterWhatClickHouseHolds() {
        assertEquals(new ResumePoint(42, Optional.empty()), ResumePoint.of(42, null));
        assertEquals(new ResumePoint(42, Optional.empty()), ResumePoint.of(42, new OffsetAndMetadata(42)));
    }

    @Test
    void anIntentNotYetStoredIsRedoneAsExactlyThatRange() {
        var redo = new ResumePoint(100, Optional.of(new InsertIntent(100, 199)));
        assertEquals(redo, ResumePoint.of(100, INTENT_100_199), "nothing of it stored: the zombie's INSERT may still come");
        assertEquals(redo, ResumePoint.of(150, INTENT_100_199), "half stored (one month's part of two): the rest, same token");
        assertEquals(redo, ResumePoint.of(199, INTENT_100_199));
    }

    @Test
    void anIntentCompletelyStoredIsDone() {
        assertEquals(new ResumePoint(200, Optional.empty()), ResumePoint.of(200, INTENT_100_199));
        assertEquals(new ResumePoint(350, Optional.empty()), ResumePoint.of(350, INTENT_100_199));
    }

    @Test
    void markersBetweenWhatIsStoredAndTheIntentDoNotHideIt() {
        // found by ReplicasIT: max(_offset)+1 = 8742 was the previous upload's commit marker, the intent began at 8743
        assertEquals(new ResumePoint(99, Optional.of(new InsertIntent(100, 199))), ResumePoint.of(99, INTENT_100_199));
    }
}
