package io.partita.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QualifiedNameTest {
  @Test
  void aBareNameLiesInTheDefaultSchema() {
    assertThat(QualifiedName.parse(" features ", "main"))
        .isEqualTo(new QualifiedName("main", "features"));
  }

  @Test
  void quotedPartsMayHoldDotsAndDoubledQuotes() {
    QualifiedName name = QualifiedName.parse("\"my.schema\".\"say \"\"hi\"\"\"", "main");

    assertThat(name).isEqualTo(new QualifiedName("my.schema", "say \"hi\""));
    assertThat(name.sql()).isEqualTo("\"my.schema\".\"say \"\"hi\"\"\"");
  }

  @Test
  void moreThanTwoPartsEmptyPartsAndOpenQuotesAreNotNames() {
    assertThatThrownBy(() -> QualifiedName.parse("a.b.c", "main"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a table name: a.b.c");
    assertThatThrownBy(() -> QualifiedName.parse("a.", "main"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a table name: a.");
    assertThatThrownBy(() -> QualifiedName.parse("\"open", "main"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a table name: \"open");
  }

  @Test
  void literalsDoubleTheirQuotes() {
    assertThat(QualifiedName.literal("it's")).isEqualTo("'it''s'");
    assertThat(QualifiedName.quote("a\"b")).isEqualTo("\"a\"\"b\"");
  }
}
