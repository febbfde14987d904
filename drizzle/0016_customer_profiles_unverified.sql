-- Profiles built before answers were split into verified (personal link) and unverified (typed email) layers:
-- their origin is unknown, so everything they hold moves into the unverified layer. The indexed core columns
-- stay as they are (with an empty verified layer, the effective values are the unverified ones).
update customer_profiles
   set preferences = jsonb_build_object('sizes', '{}'::jsonb, 'styles', '[]'::jsonb, 'colours', '[]'::jsonb, 'unverified', preferences)
 where not (preferences ? 'unverified');
