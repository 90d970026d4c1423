package org.unitrace.core.genealogy;

import java.util.List;
import org.springframework.stereotype.Service;

/** Forward trace for other features (recalls): every unit that contains what the query names. */
@Service
public class Trace {

  private final GenealogyRepository repository;

  Trace(GenealogyRepository repository) {
    this.repository = repository;
  }

  public List<WhereUsedView.AffectedUnit> whereUsed(WhereUsedQuery query) {
    return repository.whereUsed(query);
  }
}
