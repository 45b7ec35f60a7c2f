import { IntegerField } from '../common/dto-fields.js';

const TREE_SIZE = { min: 1, max: Number.MAX_SAFE_INTEGER };

/** `?treeSize=`: the checkpoint to prove against (the latest when absent). */
export class TreeSizeQuery {
  @IntegerField('The size of a signed checkpoint to prove against; the latest checkpoint when absent', TREE_SIZE, true)
  treeSize?: number;
}

export class TreeSizeParam {
  @IntegerField('The size of a signed checkpoint', TREE_SIZE) treeSize!: number;
}

/** `?from=&to=`: the tree sizes of a consistency proof. */
export class ConsistencyQuery {
  @IntegerField('The older tree size (a checkpoint you kept)', TREE_SIZE) from!: number;
  @IntegerField('The newer checkpoint’s tree size; the latest when absent', TREE_SIZE, true) to?: number;
}
