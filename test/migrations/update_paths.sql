-- pg_extension_update_paths('taskdb'): every path printed, then every
-- upward pair (source < target) whose path is missing, does not start at
-- the source or end at the target, or has a step that does not go up.
\set ON_ERROR_STOP on
SELECT format('path %s -> %s: %s', source, target, coalesce(path, 'none'))
FROM pg_extension_update_paths('taskdb')
ORDER BY string_to_array(source, '.')::int[], string_to_array(target, '.')::int[];

WITH up AS (
	SELECT source, target, path, string_to_array(path, '--') AS steps
	FROM pg_extension_update_paths('taskdb')
	WHERE string_to_array(source, '.')::int[] < string_to_array(target, '.')::int[]
)
SELECT format('BAD %s -> %s: %s', source, target, coalesce(path, 'no path'))
FROM up
WHERE path IS NULL
   OR steps[1] <> source
   OR steps[cardinality(steps)] <> target
   OR EXISTS (SELECT FROM generate_subscripts(steps, 1) AS i
			  WHERE i > 1
				AND string_to_array(steps[i], '.')::int[]
					<= string_to_array(steps[i - 1], '.')::int[]);
