// The default tag vocabulary for real CLIP models: everyday things people photograph. One entry per
// line in the vocabulary file format ("label: synonym, synonym"); each label is embedded with all of
// its names, in every prompt template, and averaged (prompt ensembling, CLIP paper section 3.1.4).
export const DEFAULT_VOCABULARY = `
# People
people: group of people, crowd
person: man, woman
child: kid, children
baby: infant, toddler
selfie: self portrait
portrait: headshot, face
family: family gathering
friends: group of friends
wedding: bride, groom, wedding ceremony
party: celebration, party guests
birthday: birthday party
graduation: graduation ceremony, graduate
concert: live music, gig
festival: street festival, fair
# Animals
dog: puppy
cat: kitten
bird: birds
horse: pony
cow: cattle
sheep: lamb
pig: piglet
chicken: hen, rooster
duck: ducks
fish: fishes
aquarium: fish tank
rabbit: bunny
hamster: guinea pig
turtle: tortoise
snake: serpent
lizard: gecko
frog: toad
butterfly: moth
bee: bumblebee
spider: spider web
insect: bug, beetle
elephant: elephants
giraffe: giraffes
zebra: zebras
lion: lioness
tiger: tigers
bear: bears
monkey: ape
deer: fawn
squirrel: chipmunk
fox: foxes
wolf: wolves
whale: whales
dolphin: dolphins
seal: sea lion
penguin: penguins
owl: owls
parrot: parakeet
swan: swans
zoo: zoo animals
pet: pets
# Nature and landscapes
beach: seaside, sandy beach
sea: ocean, waves
lake: pond
river: stream, creek
waterfall: cascade
mountain: mountains, peak
hill: hills
valley: canyon
forest: woods, trees
jungle: rainforest
desert: sand dunes
field: meadow, grassland
farm: farmland
garden: backyard garden
park: city park
island: islands
cave: cavern
volcano: lava
glacier: ice
snow: snowy landscape, snowfall
rain: rainy day
fog: mist, foggy
storm: thunderstorm, lightning
rainbow: rainbows
sky: clouds, blue sky
sunset: sunrise, dusk
night sky: stars, milky way
moon: full moon
sun: sunshine
autumn leaves: fall foliage
spring blossoms: cherry blossom
tree: trees
palm tree: palm trees
flower: flowers, blossom
rose: roses
sunflower: sunflowers
tulip: tulips
cactus: succulent
mushroom: mushrooms
grass: lawn
rock: rocks, boulders
countryside: rural landscape
coast: coastline, cliffs
underwater: scuba diving, coral reef
# Places and buildings
city: cityscape, downtown
skyline: skyscrapers
street: road
alley: narrow street
bridge: bridges
building: architecture
house: home
apartment: apartment building
church: cathedral, chapel
temple: shrine, pagoda
mosque: minaret
castle: palace
tower: towers
monument: statue, memorial
museum: exhibition, gallery
ruins: ancient ruins
lighthouse: lighthouses
harbor: port, marina
airport: terminal
train station: railway station
subway: metro, underground
stadium: arena
school: classroom
office: workplace, desk
restaurant: cafe, diner
bar: pub
shop: store, shopping
market: street market, bazaar
supermarket: grocery store
hotel: hotel room
hospital: clinic
library: bookshelves
playground: swings, slide
swimming pool: pool
fountain: fountains
night city: city lights at night
neon sign: neon lights
construction site: crane, construction
farmhouse: barn
camping: tent, campsite
cabin: log cabin
# Indoors and home
kitchen: cooking
living room: sofa, couch
bedroom: bed
bathroom: bath, shower
dining table: dinner table
window: windows
door: doorway
stairs: staircase
fireplace: fire
christmas tree: christmas decorations
candles: candle
balloons: balloon
gift: present, gift box
toy: toys
teddy bear: stuffed animal
lego: building blocks
board game: chess, cards
video game: game controller
plant: houseplant, potted plant
lamp: light
clock: watch
mirror: reflection
# Food and drink
food: meal, dish
cake: birthday cake
dessert: sweets
ice cream: gelato
cookie: cookies, biscuits
chocolate: candy
bread: bakery, baguette
pizza: pizza slice
burger: hamburger
sandwich: sandwiches
hot dog: hot dogs
pasta: spaghetti, noodles
sushi: sashimi
rice: fried rice
salad: vegetables
soup: stew
steak: meat
barbecue: grill
seafood: shrimp, lobster
fruit: fruits
apple: apples
banana: bananas
orange fruit: oranges
strawberry: strawberries
grapes: grape
lemon: lemons
watermelon: melon
egg: eggs, breakfast
pancake: pancakes, waffles
cheese: cheeses
coffee: latte, espresso
tea: cup of tea
wine: wine glass
beer: beer glass
cocktail: drinks
juice: smoothie
water bottle: bottle
kimchi: korean food
dumplings: dumpling
curry: indian food
tacos: mexican food
picnic: picnic blanket
# Vehicles and transport
car: cars, automobile
truck: lorry
bus: buses
train: trains, railway
tram: streetcar
bicycle: bike, cycling
motorcycle: motorbike, scooter
airplane: plane, aircraft
helicopter: helicopters
boat: ship, sailing
sailboat: yacht
canoe: kayak
traffic: traffic jam
parking lot: parked cars
road trip: highway
# Activities and sports
sport: sports
football: soccer
basketball: basketball court
baseball: baseball game
tennis: tennis court
golf: golf course
running: jogging, marathon
swimming: swimmer
surfing: surfboard
skiing: ski slope
snowboarding: snowboard
skateboarding: skateboard
hiking: hiker, trail
climbing: rock climbing
yoga: stretching
gym: workout, fitness
dancing: dance
fishing: fishing rod
horse riding: equestrian
cycling race: cyclists
martial arts: karate, taekwondo
games: playing
reading: reading a book
cooking class: chef
travel: vacation, trip
sightseeing: tourists
shopping trip: shopping bags
# Objects
book: books
newspaper: magazine
computer: laptop
phone: smartphone, mobile phone
tablet: ipad
camera: cameras
television: tv
headphones: earphones
keyboard: computer keyboard
guitar: guitars
piano: keyboard instrument
drum: drums
violin: cello
microphone: singer
painting: artwork
drawing: sketch
sculpture: carving
umbrella: umbrellas
bag: handbag, backpack
shoes: sneakers, boots
hat: cap
glasses: sunglasses
clothes: clothing, fashion
dress: gown
suit: tuxedo
jewelry: ring, necklace
watch face: wristwatch
tools: hammer, screwdriver
bottle: bottles
cup: mug
plate: dishes
knife: cutlery
chair: chairs
table: tables
car interior: dashboard
flag: flags
map: maps
money: cash, coins
key: keys
# Documents and screens
document: paper document, page of text
receipt: invoice, bill
screenshot: screen capture
text: writing, handwriting
whiteboard: blackboard
sign: signboard
poster: flyer
menu: restaurant menu
ticket: boarding pass
passport: id card
business card: name card
letter: envelope
form: paperwork
chart: graph, diagram
code: source code
qr code: barcode
slide: presentation
calendar: schedule
meme: funny picture
# Light, season and style
night: at night, dark
sunny day: sunshine, bright day
winter: winter scene
summer: summer day
christmas: christmas lights
halloween: pumpkin, costume
fireworks: new year fireworks
black and white: monochrome
close-up: macro
aerial view: drone shot
panorama: wide view
silhouette: backlit
bokeh: blurry lights
reflection in water: water reflection
shadow: shadows
long exposure: light trails
# Health and everyday
baby food: bottle feeding
pregnancy: pregnant woman
hospital bed: patient
medicine: pills
car accident: damaged car
broken: damage
cleaning: laundry
gardening: planting
pet food: dog bowl
vet: veterinarian
haircut: hairdresser
makeup: cosmetics
tattoo: tattoos
`;
