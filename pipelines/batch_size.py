"""How many articles the job extracts, validates and stages together (a light module: the CLI reads it).

Great Expectations costs a few seconds per batch whatever its size, which wants
large batches; memory (about 100-200 KB per article while its batch is in hand)
and even shares over workers want small ones.
"""
DEFAULT_BATCH_SIZE = 500
