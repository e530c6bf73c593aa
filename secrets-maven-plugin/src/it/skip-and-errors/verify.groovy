def plain = new File(basedir, 'plain.yaml').text
assert plain.contains('s3cret-skip-case') : 'a skipped or failed encrypt must leave the file as it was'
assert !plain.contains('sops:')

def log = new File(basedir, 'build.log').text
assert log.contains('Skipping secrets:encrypt: secrets.skip is true')
assert log.contains('Skipping secrets:encrypt: secrets.encrypt.skip is true')
assert log.contains("no matching creation rule for 'plain.yaml'")
assert log.contains('missing.yaml: the file does not exist')
assert !log.contains('s3cret-skip-case')
return true
