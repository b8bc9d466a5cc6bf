;; Hamming distances between bit sketches, for the vector sketches' first pass
;; (sketch-rows.ts). scripts/build-wasm.mjs assembles it into hamming-wasm.ts; sketch-rows.test.ts
;; checks the two agree and that the distances are the JS version's.
(module
  (import "env" "memory" (memory 1))

  ;; For each of `count` sketches, `stride` bytes apart from `codes`: the bits differing between
  ;; its first `words` 64-bit words and the query's (at `query`), stored as a u16 at out + 2 × row.
  (func (export "distances")
    (param $codes i32) (param $count i32) (param $stride i32) (param $query i32) (param $words i32) (param $out i32)
    (local $end i32) (local $at i32) (local $q i32) (local $last i32) (local $bits i64)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 1))))
    (local.set $last (i32.add (local.get $query) (i32.shl (local.get $words) (i32.const 3))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $bits (i64.const 0))
        (local.set $at (local.get $codes))
        (local.set $q (local.get $query))
        (block $row_done
          (loop $word
            (br_if $row_done (i32.ge_u (local.get $q) (local.get $last)))
            (local.set $bits
              (i64.add (local.get $bits)
                (i64.popcnt (i64.xor (i64.load (local.get $at)) (i64.load (local.get $q))))))
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $word)))
        (i32.store16 (local.get $out) (i32.wrap_i64 (local.get $bits)))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (local.set $codes (i32.add (local.get $codes) (local.get $stride)))
        (br $row))))
)
