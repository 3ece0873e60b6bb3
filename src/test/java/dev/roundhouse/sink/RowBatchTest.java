package dev.roundhouse.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roundhouse.clickhouse.RowBinaryWriter;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RowBatchTest {
    @Test
    void rowsExceptCutsOutExactlyTheRowsThatLanded() {
        var batch = new RowBatch();
        var expected = new RowBinaryWriter();
        for (long offset = 10; offset < 3_000; offset += 3) { // gaps, as transaction markers leave them
            batch.rows.writeString("row " + offset).writeInt64(offset);
            batch.rowWritten(offset);
            if (offset % 2 == 1) {
                expected.writeString("row " + offset).writeInt64(offset);
            }
        }
        long[] landed = LongStream.iterate(10, o -> o < 3_000, o -> o + 3).filter(o -> o % 2 == 0).toArray();
        assertArrayEquals(expected.toByteArray(), batch.rowsExcept(landed).toByteArray());
        assertEquals(10, batch.firstRowOffset());
        assertEquals(2_998, batch.lastRowOffset());
        assertEquals(997, batch.rowCount());

        batch.clear();
        assertEquals(0, batch.rowCount());
        batch.rows.writeInt64(7);
        batch.rowWritten(42);
        assertArrayEquals(new RowBinaryWriter().writeInt64(7).toByteArray(), batch.rowsExcept(new long[0]).toByteArray());
    }
}
